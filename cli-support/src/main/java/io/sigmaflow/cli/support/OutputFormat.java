package io.sigmaflow.cli.support;

/** How a listing command prints its result: aligned columns for people, JSON or YAML for programs. */
public enum OutputFormat {
    TABLE, JSON, YAML
}
