package io.sigmaflow.client.spec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.sigmaflow.client.AppSpec;
import io.sigmaflow.connectors.rules.RequestFieldRules;
import io.sigmaflow.schema.PlacementRequest;
import io.sigmaflow.schema.RequestType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads app specs, YAML or JSON, in the shape of a Kubernetes manifest:
 *
 * <pre>
 * app: web
 * replicas: 12
 * resources: {cpu: 500m, memory: 2Gi}     # disk optional; quantities as in Kubernetes
 * qos: LS                                 # LS (default), BE or LSR
 * priority: 100                           # default 100, 0 for BE
 * nodeSelector: {disk: ssd}
 * tolerations: [{key: dedicated, value: web, effect: NoSchedule}]
 * dispersion: [coreSwitch, chassis, host] # default: the cluster's levels; [] for none
 * upgrade: {maxSurge: 2, maxUnavailable: 1}
 * payload: {executable: /usr/bin/sleep, args: [infinity], env: {MODE: prod}}
 * gpu: 2                                  # whole GPUs per pod, 0..8; or
 * gpu_milli: 300                          # a share of one GPU, 1..999 (not both)
 * gpu_models: [T4, A10]                   # accepted GPU models; default any
 * </pre>
 *
 * The whole file is checked before anything is sent, by its shape here and then by the job's own
 * request rules ({@link RequestFieldRules}); every problem is reported at once, each naming the
 * file, the line and the field ({@link InvalidAppSpecException}).
 */
public final class AppSpecFiles {
    private static final ObjectMapper YAML = new YAMLMapper(YAMLFactory.builder().build());
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private AppSpecFiles() {}

    /** The spec in {@code file} ({@code .json}: JSON, anything else: YAML). */
    public static AppSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InvalidAppSpecException(List.of(file + ": no such file"));
        } catch (IOException e) {
            throw new InvalidAppSpecException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(file.getFileName().toString(), text);
    }

    /** The spec in {@code text}; {@code name} is the file name the problems start with. */
    public static AppSpec parse(String name, String text) {
        ObjectMapper mapper = name.endsWith(".json") ? JSON : YAML;
        Map<String, Integer> lines = new HashMap<>();
        JsonNode root;
        try {
            lines(mapper.getFactory(), text, lines);
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String what = e.getOriginalMessage().lines().findFirst().orElse("");
            throw new InvalidAppSpecException(List.of(name + (line > 0 ? ":" + line : "") + ": not valid "
                    + (mapper == JSON ? "JSON" : "YAML") + ": " + what));
        } catch (IOException e) {
            throw new InvalidAppSpecException(List.of(name + ": cannot read: " + e.getMessage()));
        }
        SpecFields fields = new SpecFields(name, lines);
        AppSpec spec = SpecShape.read(root, fields);
        if (!root.isObject()) {
            throw new InvalidAppSpecException(fields.problems());
        }
        // The job's rules, on the request this spec becomes: what passes here, the job accepts. A
        // field whose shape was already wrong holds a placeholder: its rule problems are left out.
        PlacementRequest publish = PlacementRequest.newBuilder().setRequestId("spec").setAppId(spec.app())
                .setType(RequestType.PUBLISH).setReplicas(spec.replicas()).setTemplate(spec.template())
                .setUpgrade(spec.upgrade()).build();
        for (String problem : RequestFieldRules.problems(publish)) {
            int colon = problem.indexOf(": ");
            String field = colon > 0 ? specField(problem.substring(0, colon)) : "";
            if (!fields.covers(field)) {
                fields.problem(field, colon > 0 ? problem.substring(colon + 2) : problem);
            }
        }
        if (fields.hasProblems()) {
            throw new InvalidAppSpecException(fields.problems());
        }
        return spec;
    }

    /** The spec's name of a request field: {@code appId} is {@code app}, the template's fields are top-level. */
    static String specField(String requestField) {
        if (requestField.equals("appId")) {
            return "app";
        }
        if (requestField.startsWith("template.gpu")) {
            String gpu = requestField.substring("template.gpu".length());
            return gpu.startsWith(".milliShare") ? "gpu_milli"
                    : gpu.startsWith(".models") ? "gpu_models" + gpu.substring(".models".length()) : "gpu";
        }
        return requestField.startsWith("template.") ? requestField.substring("template.".length()) : requestField;
    }

    /** Records the line of every field and list item, by JSON pointer, where it first appears. */
    private static void lines(JsonFactory factory, String text, Map<String, Integer> lines) throws IOException {
        try (JsonParser p = factory.createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                lines.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), p.currentTokenLocation().getLineNr());
            }
        }
    }
}
