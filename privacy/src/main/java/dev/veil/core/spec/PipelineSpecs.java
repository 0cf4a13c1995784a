package dev.veil.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.veil.core.error.SpecException;
import dev.veil.core.schema.FieldType;
import dev.veil.core.schema.Tags;
import dev.veil.core.stage.StageRegistry;
import dev.veil.core.stage.StageSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Reads and writes {@link PipelineSpec}s as YAML or JSON. Every problem is a {@link SpecException}
 * naming the file, line, column and key, and what is allowed.
 *
 * <pre>
 * name: customers
 * engine: spark                 # or beam
 * source: {format: csv, path: people.csv, delimiter: ",", tags: {customer_id: [privacy-unit]}}
 * stages:
 *   - {type: cast, columns: {age: long}}
 *   - {type: filter, where: "age >= 18"}
 *   - {type: detect}
 *   - {type: mask}
 * sink: {format: parquet, path: out/customers, mode: overwrite}
 * deadLetter: {path: out/customers-dead-letter}
 * </pre>
 *
 * Relative paths in a spec file are resolved against the directory of that file.
 */
public final class PipelineSpecs {
  private PipelineSpecs() {}

  private static final List<String> TOP_KEYS = List.of("name", "engine", "source", "stages", "sink", "deadLetter", "report", "sampleRows");
  private static final List<String> SINK_KEYS = List.of("format", "path", "mode", "delimiter");

  /** Loads a spec file, resolving relative paths against its directory. */
  public static PipelineSpec load(Path file, StageRegistry registry) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new SpecException(file + ": pipeline spec file not found");
    } catch (IOException e) {
      throw new SpecException(file + ": cannot read the pipeline spec: " + e.getMessage(), e);
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(file.toString(), new StringReader(text), registry, base);
  }

  /**
   * Parses a spec.
   *
   * @param file name for error messages
   * @param base directory to resolve relative paths against, or null to keep them as written
   */
  public static PipelineSpec parse(String file, Reader reader, StageRegistry registry, Path base) {
    SpecNode root = SpecNode.parse(file, reader);
    root.allowOnly(TOP_KEYS, "the pipeline spec");
    String name = root.require("name", "the pipeline spec").asString();
    Engine engine = root.get("engine").map(n -> wrap(n, () -> Engine.fromSpecName(n.asString()))).orElse(Engine.SPARK);
    SourceSpec source = parseSource(root.require("source", "the pipeline spec"), base);
    List<StageSpec> stages = new ArrayList<>();
    if (root.get("stages").isPresent()) {
      for (SpecNode s : root.get("stages").get().asList()) {
        stages.add(registry.parse(s));
      }
    }
    SinkSpec sink = parseSink(root.require("sink", "the pipeline spec"), base);
    String dead = root.get("deadLetter").map(n -> resolve(n.allowOnly(List.of("path"), "deadLetter")
        .require("path", "deadLetter").asString(), base)).orElse(null);
    String report = root.get("report").map(n -> resolve(n.allowOnly(List.of("path"), "report")
        .require("path", "report").asString(), base)).orElse(null);
    int sample = root.get("sampleRows").map(n -> n.asInt(1, 1_000_000)).orElse(1000);
    return wrap(root, () -> new PipelineSpec(name, engine, source, stages, sink, dead, report, sample));
  }

  private static SourceSpec parseSource(SpecNode n, Path base) {
    List<String> keys = new ArrayList<>(List.of("format", "path", "schema", "tags"));
    keys.addAll(CsvOptions.KEYS);
    n.allowOnly(keys, "source");
    SpecNode fmtNode = n.require("format", "source (formats: csv, jsonl, parquet)");
    Format format = wrap(fmtNode, () -> Format.fromSpecName(fmtNode.asString()));
    if (format != Format.CSV) {
      for (String k : CsvOptions.KEYS) {
        if (n.get(k).isPresent()) {
          throw n.get(k).get().error("'" + k + "' applies to csv sources only; this source is " + format.specName());
        }
      }
    }
    String path = resolve(n.require("path", "source").asString(), base);
    CsvOptions d = CsvOptions.DEFAULT;
    CsvOptions csv = wrap(n, () -> new CsvOptions(
        n.get("header").map(SpecNode::asBoolean).orElse(d.header()),
        n.get("columns").map(SpecNode::asStringList).orElse(d.columns()),
        n.get("delimiter").map(x -> oneChar(x, "delimiter")).orElse(d.delimiter()),
        n.get("quote").map(x -> oneChar(x, "quote")).orElse(d.quote()),
        n.get("escape").map(x -> oneChar(x, "escape")).orElse(n.get("quote").map(x -> oneChar(x, "quote")).orElse(d.escape())),
        n.get("charset").map(SpecNode::asString).orElse(d.charset()),
        n.get("multiLine").map(SpecNode::asBoolean).orElse(d.multiLine()),
        n.get("maxFieldChars").map(x -> x.asInt(1, Integer.MAX_VALUE)).orElse(d.maxFieldChars()),
        n.get("maxRecordChars").map(x -> x.asInt(1, Integer.MAX_VALUE)).orElse(d.maxRecordChars())));
    Map<String, FieldType> types = new LinkedHashMap<>();
    if (n.get("schema").isPresent()) {
      for (Map.Entry<String, SpecNode> e : n.get("schema").get().asMap().entrySet()) {
        types.put(e.getKey(), wrap(e.getValue(), () -> FieldType.fromSpecName(e.getValue().asString())));
      }
    }
    Map<String, Tags> tags = new LinkedHashMap<>();
    if (n.get("tags").isPresent()) {
      for (Map.Entry<String, SpecNode> e : n.get("tags").get().asMap().entrySet()) {
        tags.put(e.getKey(), wrap(e.getValue(), () -> Tags.parse(e.getValue().asStringList())));
      }
    }
    return wrap(n, () -> new SourceSpec(format, path, csv, types, tags));
  }

  private static SinkSpec parseSink(SpecNode n, Path base) {
    n.allowOnly(SINK_KEYS, "sink");
    SpecNode fmtNode = n.require("format", "sink (formats: csv, jsonl, parquet)");
    Format format = wrap(fmtNode, () -> Format.fromSpecName(fmtNode.asString()));
    String path = resolve(n.require("path", "sink").asString(), base);
    boolean overwrite = false;
    if (n.get("mode").isPresent()) {
      SpecNode m = n.get("mode").get();
      switch (m.asString().toLowerCase(Locale.ROOT)) {
        case "overwrite": overwrite = true; break;
        case "error-if-exists": overwrite = false; break;
        default: throw m.error("mode must be 'overwrite' or 'error-if-exists'. Provided value: '" + m.asString() + "'");
      }
    }
    char delim = n.get("delimiter").map(x -> oneChar(x, "delimiter")).orElse(',');
    boolean ow = overwrite;
    return wrap(n, () -> new SinkSpec(format, path, ow, delim));
  }

  private static char oneChar(SpecNode n, String key) {
    String s = n.asString();
    if (s.equals("\\t")) return '\t';
    if (s.length() != 1) {
      throw n.error(key + " must be exactly one character (write \"\\t\" for a tab). Provided value: '" + s + "'");
    }
    return s.charAt(0);
  }

  private static String resolve(String path, Path base) {
    if (base == null) return path;
    Path p = Path.of(path);
    return p.isAbsolute() ? path : base.resolve(p).normalize().toString();
  }

  private interface Maker<T> {
    T make();
  }

  private static <T> T wrap(SpecNode at, Maker<T> maker) {
    try {
      return maker.make();
    } catch (IllegalArgumentException e) {
      throw at.error(e.getMessage());
    }
  }

  /** The spec as YAML. */
  public static String toYaml(PipelineSpec spec) {
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    o.setIndent(2);
    o.setPrettyFlow(true);
    return new Yaml(o).dump(spec.toParams());
  }

  /** The spec as JSON (also accepted by {@link #parse}, since YAML contains JSON). */
  public static String toJson(PipelineSpec spec) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(spec.toParams());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize the spec", e);
    }
  }
}
