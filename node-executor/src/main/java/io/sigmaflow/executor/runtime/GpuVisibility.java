package io.sigmaflow.executor.runtime;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The device-visibility environment of a pod given GPUs: the CUDA runtime enumerates only
 * {@code CUDA_VISIBLE_DEVICES}, and the NVIDIA container toolkit mounts only
 * {@code NVIDIA_VISIBLE_DEVICES}; both name the host's GPU indexes the BIND assigned. They are set
 * after the payload's own environment, so a payload cannot widen its GPUs. A pod without GPUs gets
 * neither (as before GPUs existed).
 */
public final class GpuVisibility {
    public static final String CUDA = "CUDA_VISIBLE_DEVICES";
    public static final String NVIDIA = "NVIDIA_VISIBLE_DEVICES";

    private GpuVisibility() {}

    /** The variables for {@code gpus} (host indexes, in the BIND's order); empty for none. */
    public static Map<String, String> environment(List<Integer> gpus) {
        if (gpus == null || gpus.isEmpty()) {
            return Map.of();
        }
        String list = gpus.stream().map(String::valueOf).collect(Collectors.joining(","));
        Map<String, String> env = new LinkedHashMap<>();
        env.put(CUDA, list);
        env.put(NVIDIA, list);
        return env;
    }
}
