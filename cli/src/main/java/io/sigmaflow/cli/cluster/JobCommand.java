package io.sigmaflow.cli.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./sigma job submit | status | savepoint | stop | resume | upgrade}: see {@link JobControl}. */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "The placement job on the cluster ./sigma cluster up started, through Flink's REST API.",
        subcommands = {JobCommand.Submit.class, JobCommand.Status.class, JobCommand.Savepoint.class,
                JobCommand.Stop.class, JobCommand.Resume.class, JobCommand.Upgrade.class})
public final class JobCommand {
    static class Common {
        @CommandLine.Mixin ClusterCommand.DirOption dir = new ClusterCommand.DirOption();

        JobControl control() {
            return new JobControl(dir.files(), System.out);
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Upload the job jar and run it (resumes its newest retained checkpoint).")
    static final class Submit extends Common implements Callable<Integer> {
        @Option(names = "--jar", description = "the job jar (default jobs/target/sigmaflow-jobs-*-job.jar)")
        Path jar;

        @Option(names = "--set", description = "KEY=VALUE program argument over the cluster's configuration, repeatable")
        List<String> set = new ArrayList<>();

        @Option(names = "--from-savepoint", description = "restore this savepoint")
        String savepoint;

        @Option(names = "--parallelism", description = "the job's parallelism (default: the cluster's)")
        Integer parallelism;

        @Override
        public Integer call() throws Exception {
            List<String> args = new ArrayList<>();
            set.forEach(kv -> args.addAll(List.of("--set", kv)));
            JobControl c = control();
            String id = c.submit(jar != null ? jar : c.jobJarOrRecorded(), args, savepoint, parallelism);
            c.awaitState(id, "RUNNING", java.time.Duration.ofMinutes(3));
            System.out.println(c.status());
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The job's state, restarts, jar and last savepoint.")
    static final class Status extends Common implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.out.println(control().status());
            return 0;
        }
    }

    @Command(name = "savepoint", mixinStandardHelpOptions = true, description = "Take a savepoint; the job goes on.")
    static final class Savepoint extends Common implements Callable<Integer> {
        @Option(names = "--target", description = "directory (default the cluster's execution.checkpointing.savepoint-dir)")
        String target;

        @Override
        public Integer call() throws Exception {
            control().savepoint(false, target);
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop with a savepoint (recorded for resume).")
    static final class Stop extends Common implements Callable<Integer> {
        @Option(names = "--target", description = "directory (default the cluster's execution.checkpointing.savepoint-dir)")
        String target;

        @Override
        public Integer call() throws Exception {
            control().savepoint(true, target);
            return 0;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Run the job again from its newest state: the last savepoint, or a retained checkpoint written after it (or --from PATH).")
    static final class Resume extends Common implements Callable<Integer> {
        @Option(names = "--jar", description = "a job jar to upload (default: the one in use)")
        Path jar;

        @Option(names = "--from", description = "a savepoint or retained checkpoint (default: the newer of the savepoint ./sigma job stop recorded and the newest checkpoint)")
        String from;

        @Option(names = "--parallelism", description = "a new parallelism, at most 128 (default: the one it last ran at; state moves by Flink key groups)")
        Integer parallelism;

        @Override
        public Integer call() throws Exception {
            JobControl c = control();
            String id = c.resume(jar, from, parallelism);
            c.awaitState(id, "RUNNING", java.time.Duration.ofMinutes(3));
            System.out.println(c.status());
            return 0;
        }
    }

    @Command(name = "upgrade", mixinStandardHelpOptions = true, description = "Stop with a savepoint, run the (new) jar from it.")
    static final class Upgrade extends Common implements Callable<Integer> {
        @Option(names = "--jar", description = "the new job jar (default jobs/target/sigmaflow-jobs-*-job.jar)")
        Path jar;

        @Option(names = "--parallelism", description = "a new parallelism, at most 128 (default: the one in use; state moves by Flink key groups)")
        Integer parallelism;

        @Override
        public Integer call() throws Exception {
            JobControl c = control();
            String id = c.upgrade(jar, parallelism);
            c.awaitState(id, "RUNNING", java.time.Duration.ofMinutes(3));
            System.out.println(c.status());
            return 0;
        }
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine cl = new CommandLine(new JobCommand());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("job: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }
}
