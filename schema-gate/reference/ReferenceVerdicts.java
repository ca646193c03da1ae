/*
 * The reference verdicts of the compatibility corpus, from Apache Avro's own Java library
 * (org.apache.avro.SchemaCompatibility). Run by `npm run gate:corpus` as a single-file program:
 *
 *   java -cp <avro classpath> ReferenceVerdicts.java <cases.json> <verdicts.json>
 *
 * Input: {"pairs": [{"id", "old", "new"}], "histories": [{"id", "versions": [...], "candidate"}]}.
 * Output: for each pair, whether the new schema reads data written with the old one and the other
 * way round (with Avro's incompatibility types), and the verdict at every compatibility level; for
 * each history, the verdict at every level. Levels follow the Confluent Schema Registry: BACKWARD
 * means the candidate reads data written with the latest version, FORWARD that the latest version
 * reads data written with the candidate, FULL both; the _TRANSITIVE forms ask the same of every
 * earlier version instead of the latest. Where Avro throws instead of deciding (a reader field
 * whose name and aliases match several writer fields), the direction carries the error and the
 * level is "error". Each schema is parsed by its own Schema.Parser, as a
 * registry parses each version on its own.
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

public class ReferenceVerdicts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] LEVELS = {
    "NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE"
  };

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ReferenceVerdicts <cases.json> <verdicts.json>");
      System.exit(2);
    }
    JsonNode input = JSON.readTree(new File(args[0]));
    ObjectNode out = JSON.createObjectNode();
    out.put("avroVersion", Schema.class.getPackage().getImplementationVersion());
    ArrayNode pairs = out.putArray("pairs");
    for (JsonNode pair : input.get("pairs")) {
      String id = pair.get("id").asText();
      Schema old = parse(pair.get("old"), id);
      Schema candidate = parse(pair.get("new"), id);
      ObjectNode verdict = pairs.addObject();
      verdict.put("id", id);
      verdict.set("newReadsOld", direction(candidate, old));
      verdict.set("oldReadsNew", direction(old, candidate));
      verdict.set("levels", levels(List.of(old), candidate));
    }
    ArrayNode histories = out.putArray("histories");
    for (JsonNode history : input.get("histories")) {
      String id = history.get("id").asText();
      List<Schema> versions = new ArrayList<>();
      for (JsonNode version : history.get("versions")) versions.add(parse(version, id));
      ObjectNode verdict = histories.addObject();
      verdict.put("id", id);
      verdict.set("levels", levels(versions, parse(history.get("candidate"), id)));
    }
    JSON.writerWithDefaultPrettyPrinter().writeValue(new File(args[1]), out);
  }

  private static Schema parse(JsonNode schema, String id) {
    try {
      return new Schema.Parser().parse(JSON.writeValueAsString(schema));
    } catch (Exception e) {
      throw new IllegalArgumentException("case " + id + ": schema does not parse: " + e.getMessage(), e);
    }
  }

  private static SchemaPairCompatibility check(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
  }

  private static boolean reads(Schema reader, Schema writer) {
    return check(reader, writer).getType() == SchemaCompatibilityType.COMPATIBLE;
  }

  private static ObjectNode direction(Schema reader, Schema writer) {
    ObjectNode node = JSON.createObjectNode();
    SchemaPairCompatibility result;
    try {
      result = check(reader, writer);
    } catch (AvroRuntimeException e) {
      // Avro gives no verdict (a reader field whose name and aliases match several writer fields).
      node.put("compatible", false);
      node.put("error", e.getMessage().replaceAll(" in writer record schema .*", ""));
      node.putArray("incompatibilities");
      return node;
    }
    node.put("compatible", result.getType() == SchemaCompatibilityType.COMPATIBLE);
    TreeSet<String> types = new TreeSet<>();
    for (Incompatibility i : result.getResult().getIncompatibilities()) types.add(i.getType().name());
    ArrayNode list = node.putArray("incompatibilities");
    types.forEach(list::add);
    return node;
  }

  private static ObjectNode levels(List<Schema> versions, Schema candidate) {
    Schema latest = versions.get(versions.size() - 1);
    ObjectNode node = JSON.createObjectNode();
    for (String level : LEVELS) {
      boolean backward = level.startsWith("BACKWARD") || level.startsWith("FULL");
      boolean forward = level.startsWith("FORWARD") || level.startsWith("FULL");
      List<Schema> against = level.endsWith("_TRANSITIVE") ? versions : List.of(latest);
      boolean ok = true;
      try {
        for (Schema earlier : against) {
          if (backward && !reads(candidate, earlier)) ok = false;
          if (forward && !reads(earlier, candidate)) ok = false;
        }
        node.put(level, ok);
      } catch (AvroRuntimeException e) {
        node.put(level, "error");
      }
    }
    return node;
  }
}
