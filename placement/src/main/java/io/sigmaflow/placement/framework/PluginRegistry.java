package io.sigmaflow.placement.framework;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The one flat table of plugin name -> factory. Nothing is discovered anywhere else. */
public final class PluginRegistry {
    private final Map<String, PluginFactory> factories = new TreeMap<>();

    public PluginRegistry register(String name, PluginFactory factory) {
        if (factories.putIfAbsent(name, factory) != null) {
            throw new IllegalArgumentException("plugin " + name + " is registered twice");
        }
        return this;
    }

    public Set<String> names() {
        return factories.keySet();
    }

    /** Builds plugin {@code name}; {@code key} names the configuration entry that asked for it. */
    public Plugin create(String key, String name, PluginArgs args) {
        PluginFactory factory = factories.get(name);
        if (factory == null) {
            throw new InvalidConfigException(key, "unknown plugin '" + name + "'; known: " + String.join(", ", names()));
        }
        Plugin plugin = factory.create(args);
        if (!plugin.name().equals(name)) {
            throw new IllegalStateException("factory of " + name + " built a plugin named " + plugin.name());
        }
        return plugin;
    }
}
