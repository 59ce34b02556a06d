package io.sigmaflow.jobs.app;

import io.sigmaflow.placement.model.AvroMapping;
import io.sigmaflow.placement.model.Location;
import io.sigmaflow.placement.model.TopologyLevels;
import io.sigmaflow.schema.job.AppPod;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods to remove so that the app's dispersion stays best: the mirror of placement, over the
 * whole cluster (the app side knows where every bound pod of its app is). Repeatedly take, among
 * the candidates, the pod whose domains hold the most pods of the app, widest level first (the
 * most loaded switch, then its most loaded chassis, then host), the newest pod among equals.
 * Counts cover every bound pod of the app, candidates or not: during a rolling upgrade the old
 * pods go first from where old and new pods crowd. Cost O(victims x candidates), paid only on
 * scale-down, upgrade steps and destroy.
 */
final class Victims {
    private Victims() {}

    /**
     * @param candidates pods that may be removed (bound, with a location)
     * @param bound every bound pod of the app (candidates included)
     * @param count how many to pick (at most the candidates)
     */
    static List<AppPod> choose(List<AppPod> candidates, List<AppPod> bound, TopologyLevels levels, int count) {
        Map<String, Integer> podsIn = new HashMap<>();
        for (AppPod pod : bound) {
            for (String domain : domains(pod, levels)) {
                podsIn.merge(domain, 1, Integer::sum);
            }
        }
        List<AppPod> left = new ArrayList<>(candidates);
        left.sort(Comparator.comparing(AppPod::getPodId)); // a stable start, whatever the store's order
        List<AppPod> chosen = new ArrayList<>();
        while (chosen.size() < count && !left.isEmpty()) {
            AppPod best = null;
            int[] bestLoad = null;
            for (AppPod pod : left) {
                int[] load = load(pod, levels, podsIn);
                if (best == null || heavier(load, bestLoad) || (equal(load, bestLoad) && newer(pod, best))) {
                    best = pod;
                    bestLoad = load;
                }
            }
            left.remove(best);
            chosen.add(best);
            for (String domain : domains(best, levels)) {
                podsIn.merge(domain, -1, Integer::sum);
            }
        }
        return chosen;
    }

    /** The pod's domain at each level, named by its path from the widest level ("sw1", "sw1/ch2", ...). */
    private static List<String> domains(AppPod pod, TopologyLevels levels) {
        List<String> out = new ArrayList<>(levels.size());
        if (pod.getLocation() == null) {
            return out;
        }
        Location location = AvroMapping.location(pod.getLocation());
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < levels.size(); i++) {
            path.append('/').append(location.domainName(levels.get(i)));
            out.add(path.toString());
        }
        return out;
    }

    private static int[] load(AppPod pod, TopologyLevels levels, Map<String, Integer> podsIn) {
        int[] load = new int[levels.size()];
        List<String> domains = domains(pod, levels);
        for (int i = 0; i < domains.size(); i++) {
            load[i] = podsIn.getOrDefault(domains.get(i), 0);
        }
        return load;
    }

    private static boolean heavier(int[] a, int[] b) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                return a[i] > b[i];
            }
        }
        return false;
    }

    private static boolean equal(int[] a, int[] b) {
        return java.util.Arrays.equals(a, b);
    }

    /** Pod ids are {@code <app>-<n>}: a larger n is newer; other ids compare as text. */
    static boolean newer(AppPod a, AppPod b) {
        long na = number(a.getPodId());
        long nb = number(b.getPodId());
        if (na >= 0 && nb >= 0 && na != nb) {
            return na > nb;
        }
        return a.getPodId().compareTo(b.getPodId()) > 0;
    }

    static long number(String podId) {
        int dash = podId.lastIndexOf('-');
        if (dash < 0 || dash == podId.length() - 1) {
            return -1;
        }
        try {
            return Long.parseLong(podId.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
