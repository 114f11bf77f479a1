package dev.tugboat.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tugboat} command. */
@Command(name = "tugboat", mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Kubernetes, written in Java.",
        subcommands = {ServerCommand.class, UpCommand.class, AgentCommand.class, ControllerManagerCommand.class, SchedulerCommand.class, dev.tugboat.cli.bench.BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        int code = new CommandLine(new Main()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Prints the Kubernetes API level served. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tugboat " + dev.tugboat.apiserver.VersionInfo.GIT_VERSION};
        }
    }
}
