package io.sigmaflow.placement.framework;

/** Builds a plugin from its arguments (the configuration keys under its name). */
@FunctionalInterface
public interface PluginFactory {
    Plugin create(PluginArgs args);
}
