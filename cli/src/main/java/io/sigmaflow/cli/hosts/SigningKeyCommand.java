package io.sigmaflow.cli.hosts;

import io.sigmaflow.cli.support.Problems;
import io.sigmaflow.cli.support.SigmaCli;
import io.sigmaflow.connectors.security.HostSignatures;
import io.sigmaflow.executor.pod.SafeName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ./sigma hosts signing-key --node NODE --master-file F}: prints host NODE's signing key
 * (hex, one line) for provisioning: redirect it into the file the host's
 * {@code node.signing-key-file} names. The key is derived from the job's master
 * ({@link HostSignatures#nodeKey}), so nothing per host is stored on the job's side. Plain text on
 * purpose (no table): the output is a secret meant for a file.
 */
@Command(name = "signing-key",
        description = {"Print host NODE's signing key (hex), derived from the job's host-signing master key.",
            "Write it to a 0600 file on that host only and name it in node.signing-key-file.",
            "Exit code 2: bad arguments or an unreadable master file."},
        footer = "  ./sigma hosts signing-key --node node-1 --master-file /etc/sigma/host-signing.master > node-1.key")
public final class SigningKeyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--node", paramLabel = "NODE", description = "the host's node id; required")
    private String node;

    @Option(names = "--master-file", paramLabel = "F",
            description = "the master key file (the job's sigmaflow.security.host-signing-master-file); required")
    private Path masterFile;

    public static void main(String[] args) {
        SigmaCli.main(new SigningKeyCommand(), args);
    }

    @Override
    public Integer call() {
        Problems problems = new Problems();
        if (node == null) {
            problems.add("--node: required");
        } else {
            SafeName.problem(node).ifPresent(p -> problems.add("--node '" + SafeName.printable(node) + "': " + p));
        }
        byte[] master = null;
        if (masterFile == null) {
            problems.add("--master-file: required");
        } else {
            try {
                master = HostSignatures.readKey(masterFile);
            } catch (IOException e) {
                problems.add("--master-file " + e.getMessage());
            }
        }
        problems.throwIfAny(spec);
        spec.commandLine().getOut().println(HostSignatures.keyText(HostSignatures.nodeKey(master, node)));
        return 0;
    }
}
