package dev.veil.privacy.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The JSON payloads of ledger entries: compact, keys in a fixed (alphabetical) order, doubles as Java's
 * {@code Double.toString}, so the same value always gives the same text. A request is
 * {@code {"mechanisms":[{"delta":..,"epsilon":..,"kind":"GAUSSIAN","l2Sensitivity":..,"label":"..","rho":..,"sigma":..}]}};
 * {@code rho} is recorded for readers of the raw ledger ({@code null} when the step has no zCDP bound) and
 * recomputed from the other fields when read. Package-private.
 */
final class LedgerJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private LedgerJson() {}

  static String request(BudgetRequest request) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode ms = root.putArray("mechanisms");
    for (MechanismEntry m : request.mechanisms()) {
      ObjectNode o = ms.addObject();
      o.put("delta", m.delta());
      o.put("epsilon", m.epsilon());
      o.put("kind", m.kind().name());
      o.put("l2Sensitivity", m.l2Sensitivity());
      o.put("label", m.label());
      if (m.kind().hasZcdp()) o.put("rho", m.rho());
      else o.putNull("rho"); // no zCDP bound
      o.put("sigma", m.sigma());
    }
    return write(root);
  }

  static BudgetRequest parseRequest(String json) {
    JsonNode root = read(json);
    List<MechanismEntry> ms = new ArrayList<>();
    for (JsonNode o : root.path("mechanisms")) {
      ms.add(new MechanismEntry(o.path("label").asText(), MechanismKind.valueOf(o.path("kind").asText()),
          o.path("epsilon").asDouble(), o.path("delta").asDouble(), o.path("l2Sensitivity").asDouble(), o.path("sigma").asDouble()));
    }
    return new BudgetRequest(ms);
  }

  static String policy(DatasetPolicy p) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("accountant", p.accountant().name());
    if (p.approvalAbove().isPresent()) o.put("approvalAbove", p.approvalAbove().getAsDouble());
    else o.putNull("approvalAbove");
    if (!p.approvers().isEmpty()) { // absent when empty: payloads written before approver lists keep their bytes and hashes
      var arr = o.putArray("approvers");
      p.approvers().forEach(arr::add);
    }
    o.put("capDelta", p.capDelta());
    o.put("capEpsilon", p.capEpsilon());
    o.put("dataset", p.dataset());
    o.put("windowDays", p.windowDays());
    o.put("windowEpsilon", p.windowEpsilon());
    return write(o);
  }

  static DatasetPolicy parsePolicy(String json) {
    JsonNode o = read(json);
    JsonNode a = o.path("approvalAbove");
    return new DatasetPolicy(o.path("dataset").asText(), o.path("capEpsilon").asDouble(), o.path("capDelta").asDouble(),
        o.path("windowDays").asInt(), o.path("windowEpsilon").asDouble(),
        a.isNumber() ? OptionalDouble.of(a.asDouble()) : OptionalDouble.empty(), Accountant.valueOf(o.path("accountant").asText()),
        approvers(o.path("approvers")));
  }

  private static java.util.Set<String> approvers(JsonNode arr) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (JsonNode n : arr) out.add(n.asText());
    return out;
  }

  static JsonNode read(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("ledger payload is not valid JSON (line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + ")");
    }
  }

  private static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write ledger JSON", e);
    }
  }
}
