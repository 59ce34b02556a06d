package io.sigmaflow.client.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.sigmaflow.client.AppSpec;
import io.sigmaflow.schema.GpuRequest;
import io.sigmaflow.schema.QosClass;
import io.sigmaflow.schema.TaintEffect;
import io.sigmaflow.schema.Toleration;
import io.sigmaflow.schema.TopologyLevel;
import io.sigmaflow.schema.UpgradePolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The shape of a spec: which fields exist, their types and quantities. Collects every problem. */
final class SpecShape {
    private static final Set<String> TOP = Set.of("app", "replicas", "resources", "qos", "priority", "nodeSelector",
            "tolerations", "dispersion", "upgrade", "payload", "gpu", "gpu_milli", "gpu_models");
    private static final Map<String, TopologyLevel> LEVELS = Map.of("zone", TopologyLevel.ZONE,
            "coreswitch", TopologyLevel.CORE_SWITCH, "core_switch", TopologyLevel.CORE_SWITCH, "switch", TopologyLevel.CORE_SWITCH,
            "chassis", TopologyLevel.CHASSIS, "host", TopologyLevel.HOST);
    private static final Map<String, TaintEffect> EFFECTS = Map.of("noschedule", TaintEffect.NO_SCHEDULE,
            "prefernoschedule", TaintEffect.PREFER_NO_SCHEDULE, "noexecute", TaintEffect.NO_EXECUTE);

    private SpecShape() {}

    /** The spec {@code root} describes, with placeholders where a field has a problem ({@code f} holds them). */
    static AppSpec read(JsonNode root, SpecFields f) {
        if (root == null || !root.isObject()) {
            f.problem("", "expected a mapping of fields (app, replicas, resources, payload, ...), got "
                    + (root == null || root.isMissingNode() ? "an empty document" : kind(root)));
            return AppSpec.builder("").build();
        }
        known(root, "", TOP, f);
        String app = text(root, "app", f, true, "the app's id, e.g. web");
        int replicas = integer(root, "replicas", f, true, "how many pods", 0);
        JsonNode res = object(root, "resources", f, true, "{cpu: 500m, memory: 2Gi}");
        long cpu = 0, memory = 0, disk = 0;
        if (res != null) {
            known(res, "resources", Set.of("cpu", "memory", "disk"), f);
            cpu = quantity(res, "resources.cpu", "cpu", f, true, true);
            memory = quantity(res, "resources.memory", "memory", f, true, false);
            disk = quantity(res, "resources.disk", "disk", f, false, false);
        }
        QosClass qos = QosClass.LS;
        String q = text(root, "qos", f, false, null);
        if (q != null) {
            try {
                qos = QosClass.valueOf(q.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                f.problem("qos", "expected LS, BE or LSR, got \"" + q + "\"");
            }
        }
        Integer priority = root.has("priority") ? integer(root, "priority", f, false, null, Integer.MIN_VALUE) : null;
        Map<String, String> selector = strings(root, "nodeSelector", f);
        List<Toleration> tolerations = tolerations(root, f);
        List<TopologyLevel> dispersion = dispersion(root, f);
        UpgradePolicy upgrade = null;
        JsonNode up = object(root, "upgrade", f, false, null);
        if (up != null) {
            known(up, "upgrade", Set.of("maxSurge", "maxUnavailable"), f);
            upgrade = new UpgradePolicy(integer(up, "upgrade.maxUnavailable", f, false, null, 1),
                    integer(up, "upgrade.maxSurge", f, false, null, 1));
        }
        JsonNode payload = object(root, "payload", f, true, "{executable: /usr/bin/sleep, args: [infinity]}");
        String executable = null;
        List<String> args = List.of();
        Map<String, String> env = Map.of();
        if (payload != null) {
            known(payload, "payload", Set.of("executable", "args", "env"), f);
            executable = text(payload, "payload.executable", f, true, "the program each pod runs");
            args = list(payload, "payload.args", f);
            env = strings(payload, "payload.env", f);
        }
        return new AppSpec(app, replicas, cpu, memory, disk, qos, priority, selector, tolerations, dispersion, upgrade,
                executable, args, env, gpu(root, f));
    }

    /**
     * {@code gpu} (whole GPUs per pod), {@code gpu_milli} (a share of one GPU), {@code gpu_models}
     * (accepted models); null when none is given. Ranges are the job's rules (AppSpecFiles).
     */
    private static GpuRequest gpu(JsonNode root, SpecFields f) {
        if (!root.has("gpu") && !root.has("gpu_milli") && !root.has("gpu_models")) {
            return null;
        }
        int whole = integer(root, "gpu", f, false, null, 0);
        int milli = integer(root, "gpu_milli", f, false, null, 0);
        List<String> models = list(root, "gpu_models", f);
        return new GpuRequest(whole, milli, new ArrayList<>(models));
    }

    private static void known(JsonNode node, String at, Set<String> names, SpecFields f) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!names.contains(name)) {
                f.problem(at.isEmpty() ? name : at + "." + name, "unknown field; known: " + String.join(", ",
                        names.stream().sorted().toList()));
            }
        }
    }

    /** The node at {@code path} (dotted) below {@code root}'s field: the last segment of the path. */
    private static JsonNode child(JsonNode parent, String path) {
        return parent.get(path.substring(path.lastIndexOf('.') + 1));
    }

    private static String text(JsonNode parent, String path, SpecFields f, boolean required, String what) {
        JsonNode v = child(parent, path);
        if (v == null || v.isNull()) {
            if (required) {
                f.missing(path, what);
            }
            return null;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            f.problem(path, "expected text, got " + kind(v));
            return null;
        }
        return v.asText();
    }

    private static int integer(JsonNode parent, String path, SpecFields f, boolean required, String what, int otherwise) {
        JsonNode v = child(parent, path);
        if (v == null || v.isNull()) {
            if (required) {
                f.missing(path, what);
            }
            return otherwise;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            f.problem(path, "expected a whole number, got " + kind(v));
            return otherwise;
        }
        return v.intValue();
    }

    private static JsonNode object(JsonNode parent, String path, SpecFields f, boolean required, String example) {
        JsonNode v = child(parent, path);
        if (v == null || v.isNull()) {
            if (required) {
                f.missing(path, "e.g. " + example);
            }
            return null;
        }
        if (!v.isObject()) {
            f.problem(path, "expected a mapping" + (example == null ? "" : " like " + example) + ", got " + kind(v));
            return null;
        }
        return v;
    }

    private static long quantity(JsonNode res, String path, String name, SpecFields f, boolean required, boolean cpu) {
        JsonNode v = res.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                f.missing(path, cpu ? "e.g. 500m or 2" : "e.g. 512Mi or 2Gi");
            }
            return 0;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            f.problem(path, "expected a quantity like " + (cpu ? "500m or 2" : "512Mi or 2Gi") + ", got " + kind(v));
            return 0;
        }
        try {
            return cpu ? Quantities.cpuMillis(v.asText()) : Quantities.mebibytes(v.asText());
        } catch (Quantities.BadQuantity e) {
            f.problem(path, e.getMessage());
            return 0;
        }
    }

    private static Map<String, String> strings(JsonNode parent, String path, SpecFields f) {
        JsonNode v = child(parent, path);
        Map<String, String> out = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isObject()) {
            f.problem(path, "expected a mapping of names to values, got " + kind(v));
            return out;
        }
        v.fields().forEachRemaining(e -> {
            if (e.getValue().isContainerNode() || e.getValue().isNull()) {
                f.problem(path + "." + e.getKey(), "expected text, got " + kind(e.getValue()));
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return out;
    }

    private static List<String> list(JsonNode parent, String path, SpecFields f) {
        JsonNode v = child(parent, path);
        List<String> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            f.problem(path, "expected a list, got " + kind(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            if (v.get(i).isContainerNode() || v.get(i).isNull()) {
                f.problem(path + "[" + i + "]", "expected text, got " + kind(v.get(i)));
            } else {
                out.add(v.get(i).asText());
            }
        }
        return out;
    }

    private static List<Toleration> tolerations(JsonNode root, SpecFields f) {
        JsonNode v = root.get("tolerations");
        List<Toleration> out = new ArrayList<>();
        if (v == null || v.isNull()) {
            return out;
        }
        if (!v.isArray()) {
            f.problem("tolerations", "expected a list like [{key: dedicated, value: web, effect: NoSchedule}], got " + kind(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            String at = "tolerations[" + i + "]";
            JsonNode t = v.get(i);
            if (!t.isObject()) {
                f.problem(at, "expected a mapping {key, value, effect}, got " + kind(t));
                continue;
            }
            known(t, at, Set.of("key", "value", "effect", "operator"), f);
            String key = text(t, at + ".key", f, true, "the taint's key");
            String value = text(t, at + ".value", f, false, null);
            String operator = text(t, at + ".operator", f, false, null);
            if (operator != null && !operator.equals("Equal") && !operator.equals("Exists")) {
                f.problem(at + ".operator", "expected Equal or Exists, got \"" + operator + "\"");
            } else if ("Exists".equals(operator) && value != null) {
                f.problem(at + ".value", "must be left out with operator Exists (it tolerates every value)");
            }
            String effect = text(t, at + ".effect", f, false, null);
            TaintEffect e = null;
            if (effect != null) {
                e = EFFECTS.get(effect.replace("_", "").toLowerCase(Locale.ROOT));
                if (e == null) {
                    f.problem(at + ".effect", "expected NoSchedule, PreferNoSchedule or NoExecute, got \"" + effect + "\"");
                }
            }
            out.add(new Toleration(key == null ? "" : key, value, e));
        }
        return out;
    }

    private static List<TopologyLevel> dispersion(JsonNode root, SpecFields f) {
        JsonNode v = root.get("dispersion");
        if (v == null || v.isNull()) {
            return null;
        }
        List<TopologyLevel> out = new ArrayList<>();
        if (!v.isArray()) {
            f.problem("dispersion", "expected a list of levels like [coreSwitch, chassis, host], got " + kind(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            TopologyLevel level = v.get(i).isTextual() ? LEVELS.get(v.get(i).asText().toLowerCase(Locale.ROOT)) : null;
            if (level == null) {
                f.problem("dispersion[" + i + "]", "expected zone, coreSwitch, chassis or host, got " + kind(v.get(i)));
            } else if (out.contains(level)) {
                f.problem("dispersion[" + i + "]", v.get(i).asText() + " is listed twice");
            } else {
                out.add(level);
            }
        }
        return out;
    }

    /** What a value is, for messages: its text in quotes, or the kind of node. */
    private static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + (v.asText().length() > 60 ? v.asText().substring(0, 60) + "..." : v.asText()) + "\"";
        }
        if (v.isNumber() || v.isBoolean()) {
            return v.asText();
        }
        return v.isArray() ? "a list" : v.isObject() ? "a mapping" : v.isNull() ? "nothing" : v.getNodeType().toString();
    }
}
