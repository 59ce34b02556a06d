package io.sigmaflow.cli.security;

import io.sigmaflow.cli.support.SigmaCli;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./sigma acls ...}: the roles' Kafka ACLs (SigmaAcls), shown or created. */
@Command(name = "acls",
        description = "Kafka ACLs for SigmaFlow's roles: release system, placement job, rebalancer, hosts, operators.",
        subcommands = {AclsApplyCommand.class},
        footer = "  ./sigma acls apply --bootstrap kafka-1:9093 --kafka-config admin.properties --hosts node-1,node-2 --dry-run")
public final class AclsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        SigmaCli.main(new AclsCommand(), args);
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "a command is required: apply");
    }
}
