package dev.veil.cli;

import dev.veil.core.error.InputException;
import dev.veil.core.error.SpecException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code veil} command: {@code run}, {@code generate}, {@code demo}, {@code validate}. See
 * {@link ExitCodes} for what each exit code means.
 */
@Command(name = "veil", mixinStandardHelpOptions = true, versionProvider = VeilCli.Version.class,
    description = "Turns raw training data into privacy-safe, validated, traceable training data on Apache Spark or Apache Beam.",
    subcommands = {RunCommand.class, ValidateCommand.class, GenerateCommand.class, DemoCommand.class, LineageCommand.class, PiiCommand.class,
        KeysCommand.class, BudgetCommand.class, RiskCommand.class, KanonymizeCommand.class, DpCommand.class,
        CommandLine.HelpCommand.class},
    footer = ExitCodes.HELP)
public final class VeilCli implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the CLI and returns the exit code (for tests). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new VeilCli());
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof SpecException) {
        cmd.getErr().println("veil: invalid pipeline spec: " + ex.getMessage());
        return ExitCodes.BAD_SPEC;
      }
      if (ex instanceof InputException) {
        cmd.getErr().println("veil: cannot read input: " + ex.getMessage());
        return ExitCodes.BAD_INPUT;
      }
      Throwable root = ex;
      while (root.getCause() != null) {
        root = root.getCause();
        if (root instanceof InputException) {
          cmd.getErr().println("veil: cannot read input: " + root.getMessage());
          return ExitCodes.BAD_INPUT;
        }
      }
      cmd.getErr().println("veil: failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage());
      if (System.getenv("VEIL_DEBUG") != null) ex.printStackTrace(cmd.getErr());
      else cmd.getErr().println("(set VEIL_DEBUG=1 for the stack trace)");
      return ExitCodes.FAILURE;
    });
    return cl.execute(args);
  }

  /** Reads the version written into the jar at build time. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = VeilCli.class.getResourceAsStream("version.properties")) {
        if (in != null) p.load(in);
      }
      return new String[] {
        "veil " + p.getProperty("version", "unknown"),
        "Apache Beam " + p.getProperty("beam", "?") + ", Apache Spark " + p.getProperty("spark", "?") + ", Java " + System.getProperty("java.version")
      };
    }
  }
}
