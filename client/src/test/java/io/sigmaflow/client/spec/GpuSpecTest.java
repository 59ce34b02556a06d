package io.sigmaflow.client.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sigmaflow.client.AppSpec;
import io.sigmaflow.schema.GpuRequest;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** App specs carry GPU requests ({@code gpu}, {@code gpu_milli}, {@code gpu_models}); bad values name the field. */
class GpuSpecTest {
    private static final String BASE = """
            app: infer
            replicas: 4
            resources: {cpu: 2, memory: 4Gi}
            payload: {executable: /usr/bin/sleep, args: [infinity]}
            """;

    @Test
    void aShareOfOneGpuOnSomeModelsReachesThePodTemplate() {
        AppSpec spec = AppSpecFiles.parse("infer.yaml", BASE + "gpu_milli: 300\ngpu_models: [T4, A10]\n");
        GpuRequest gpu = spec.template().getGpu();
        assertEquals(0, gpu.getWholeGpus());
        assertEquals(300, gpu.getMilliShare());
        assertEquals(List.of("T4", "A10"), gpu.getModels());
    }

    @Test
    void wholeGpusInJsonAndTheBuilderAgree() {
        AppSpec json = AppSpecFiles.parse("train.json", """
                {"app": "train", "replicas": 2, "resources": {"cpu": 8, "memory": "32Gi"}, "gpu": 4,
                 "payload": {"executable": "/usr/bin/sleep"}}
                """);
        AppSpec built = AppSpec.builder("train").replicas(2).cpuMillis(8000).memoryMb(32768).gpus(4)
                .command("/usr/bin/sleep").build();
        assertEquals(4, json.template().getGpu().getWholeGpus());
        assertEquals(built.template().getGpu(), json.template().getGpu());
    }

    @Test
    void withoutGpuFieldsThereIsNoGpuRequest() {
        assertNull(AppSpecFiles.parse("web.yaml", BASE).template().getGpu());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "nine GPUs|gpu: 9|infer.yaml:5: gpu: must be 0..8, got 9",
        "a whole GPU as milli|gpu_milli: 1000|infer.yaml:5: gpu_milli: must be 1..999",
        "both|gpu: 1\\ngpu_milli: 500|infer.yaml:5: gpu: ask either wholeGpus or milliShare, not both",
        "not a number|gpu: two|infer.yaml:5: gpu: expected a whole number",
        "blank model|gpu: 1\\ngpu_models: [' ']|infer.yaml:6: gpu_models[0]: must not be blank"})
    void outOfRangeGpuRequestsNameTheirField(String name, String lines, String expected) {
        List<String> problems = assertThrows(InvalidAppSpecException.class,
                () -> AppSpecFiles.parse("infer.yaml", BASE + lines.replace("\\n", "\n") + "\n")).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).startsWith(expected), problems.get(0));
    }
}
