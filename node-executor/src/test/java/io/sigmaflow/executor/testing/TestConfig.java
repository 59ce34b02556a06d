package io.sigmaflow.executor.testing;

import io.sigmaflow.executor.config.ConfigException;
import io.sigmaflow.executor.config.ExecutorConfig;
import io.sigmaflow.executor.config.ExecutorConfigReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Executor configs for tests: a simulated cgroup tree and the state in a temp dir, sleep and sh
 * allowed, short intervals. Built through the real reader, so tests exercise its validation.
 */
public final class TestConfig {
    private final Properties props = new Properties();
    private String nodeId = "node-1";
    private String bootstrap = "127.0.0.1:1";

    private TestConfig(Path dir) {
        props.setProperty("cgroup.mode", "simulated");
        props.setProperty("cgroup.version", "v1");
        props.setProperty("cgroup.mount", dir.resolve("cgroup").toString());
        props.setProperty("state.dir", dir.resolve("state").toString());
        props.setProperty("payload.allowlist", Pods.SLEEP + "," + Pods.SH);
        props.setProperty("payload.stop-grace-ms", "2000");
        props.setProperty("apply.timeout-ms", "10000");
        props.setProperty("status.watch-interval-ms", "100");
        props.setProperty("status.inventory-interval-ms", "1000");
        props.setProperty("emergency.enabled", "false");
        props.setProperty("node.capacity.cpu-millis", "4000");
        props.setProperty("node.capacity.memory-mb", "8192");
        props.setProperty("node.capacity.disk-mb", "10000");
    }

    public static TestConfig in(Path dir) {
        return new TestConfig(dir);
    }

    public TestConfig node(String id) {
        this.nodeId = id;
        return this;
    }

    public TestConfig bootstrap(String servers) {
        this.bootstrap = servers;
        return this;
    }

    public TestConfig set(String key, String value) {
        props.setProperty(key, value);
        return this;
    }

    public TestConfig set(Map<String, String> values) {
        props.putAll(values);
        return this;
    }

    public Properties properties() {
        return props;
    }

    public ExecutorConfig build() {
        try {
            return ExecutorConfigReader.fromProperties(nodeId, bootstrap, props, "test");
        } catch (ConfigException e) {
            throw new AssertionError("test config invalid: " + e.problems());
        }
    }
}
