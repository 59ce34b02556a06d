package io.sigmaflow.cli.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether this JVM started from JDK 25's AOT cache (classes loaded and linked, method profiles:
 * {@code ./sigma aot-cache}), for the benchmark's JSON line ({@code aot_cache}): a run with the
 * cache spends less of its timed part in the JIT and in class loading, so two runs compare only
 * when both say the same. The JVM maps the cache only when it matches the classpath; when it
 * refuses one, it runs without any shared archive, which {@code java.vm.info} shows.
 */
final class AotCacheUse {
    private AotCacheUse() {}

    /** {@code "none"}, the cache's path when it is in use, or {@code "refused: PATH"} when given but not mapped. */
    static String ofThisJvm() {
        String option = "";
        try {
            option = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("AOTCache").getValue();
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // a JDK before 24 has no such option: no cache
        }
        return of(option, System.getProperty("java.vm.info", ""));
    }

    static String of(String aotCacheOption, String vmInfo) {
        if (aotCacheOption == null || aotCacheOption.isEmpty()) {
            return "none";
        }
        return vmInfo.contains("sharing") ? aotCacheOption : "refused: " + aotCacheOption;
    }
}
