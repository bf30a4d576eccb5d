package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OVSDB's JSON notation (RFC 7047 §5.1) both ways, the operations of a {@code transact}, and monitor requests.
 * The replies are parsed apart: {@link TableUpdates} (monitor updates), {@link SchemaJson} and {@link TxReplies}.
 * Module-internal: the rest of the project sees only the Java values and records.
 */
final class OvsdbJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OvsdbJson() {}

    // ---- values -------------------------------------------------------------------------------------------

    /** A Java value as {@link Row} describes it, to OVSDB JSON; {@code where} names it in an error message. */
    static JsonNode value(Object v, String where) {
        if (v instanceof Optional<?> o) {
            return o.isPresent() ? value(o.get(), where) : set(List.of(), where);
        }
        if (v instanceof Map<?, ?> m) {
            ArrayNode pairs = F.arrayNode();
            m.forEach((k, val) -> pairs.add(F.arrayNode().add(atom(k, where)).add(atom(val, where))));
            return F.arrayNode().add("map").add(pairs);
        }
        if (v instanceof Collection<?> c) {
            return set(c, where);
        }
        return atom(v, where);
    }

    private static JsonNode set(Collection<?> c, String where) {
        ArrayNode elems = F.arrayNode();
        for (Object o : c) {
            elems.add(atom(o, where));
        }
        return F.arrayNode().add("set").add(elems);
    }

    static JsonNode atom(Object v, String where) {
        if (v instanceof String s) {
            return F.textNode(s);
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return F.numberNode(((Number) v).longValue());
        }
        if (v instanceof Double || v instanceof Float) {
            return F.numberNode(((Number) v).doubleValue());
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof Uuid u) {
            return F.arrayNode().add("uuid").add(u.toString());
        }
        if (v instanceof NamedUuid n) {
            return F.arrayNode().add("named-uuid").add(n.name());
        }
        throw new IllegalArgumentException(
                where + ": " + (v == null ? "null" : v.getClass().getSimpleName() + " " + v)
                        + " is not an OVSDB atom (String, Long, Double, Boolean, Uuid, NamedUuid)");
    }

    /** OVSDB JSON to a Java value: atoms, {@code ["set", …]}, {@code ["map", …]}, {@code ["uuid", …]}. */
    static Object decode(JsonNode n, String where) {
        if (n.isArray()) {
            if (n.size() != 2 || !n.get(0).isTextual()) {
                throw new IllegalArgumentException(where + ": malformed OVSDB value " + n);
            }
            String tag = n.get(0).asText();
            JsonNode body = n.get(1);
            switch (tag) {
                case "set" -> {
                    requireArray(body, where, n);
                    Set<Object> s = new LinkedHashSet<>();
                    for (JsonNode e : body) {
                        s.add(decodeAtom(e, where));
                    }
                    return Collections.unmodifiableSet(s);
                }
                case "map" -> {
                    requireArray(body, where, n);
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (JsonNode pair : body) {
                        if (!pair.isArray() || pair.size() != 2) {
                            throw new IllegalArgumentException(where + ": malformed map pair " + pair);
                        }
                        m.put(decodeAtom(pair.get(0), where), decodeAtom(pair.get(1), where));
                    }
                    return Collections.unmodifiableMap(m);
                }
                default -> {
                    return decodeAtom(n, where);
                }
            }
        }
        return decodeAtom(n, where);
    }

    private static Object decodeAtom(JsonNode n, String where) {
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isIntegralNumber()) {
            return n.asLong();
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isArray() && n.size() == 2 && n.get(0).isTextual() && n.get(1).isTextual()) {
            switch (n.get(0).asText()) {
                case "uuid":
                    return Uuid.of(n.get(1).asText());
                case "named-uuid":
                    return new NamedUuid(n.get(1).asText());
                default:
                    break;
            }
        }
        throw new IllegalArgumentException(where + ": malformed OVSDB atom " + n);
    }

    private static void requireArray(JsonNode body, String where, JsonNode whole) {
        if (body == null || !body.isArray()) {
            throw new IllegalArgumentException(where + ": malformed OVSDB value " + whole);
        }
    }

    static Row row(JsonNode obj, String where) {
        if (obj == null || !obj.isObject()) {
            throw new IllegalArgumentException(where + ": a row must be a JSON object, got " + obj);
        }
        Map<String, Object> cols = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            cols.put(e.getKey(), decode(e.getValue(), where + "." + e.getKey()));
        }
        return new Row(cols);
    }

    private static ObjectNode rowJson(Map<String, Object> row, String where) {
        ObjectNode o = F.objectNode();
        row.forEach((k, v) -> o.set(k, value(v, where + " column " + k)));
        return o;
    }

    // ---- operations ---------------------------------------------------------------------------------------

    /** The {@code params} of a {@code transact}: the database name, then one object per operation. */
    static ArrayNode transactParams(String database, List<Op> ops) {
        validateNames(ops);
        ArrayNode params = F.arrayNode().add(database);
        for (int i = 0; i < ops.size(); i++) {
            params.add(op(ops.get(i), "operation " + i + " (" + ops.get(i).describe() + ")"));
        }
        return params;
    }

    static ObjectNode op(Op op, String where) {
        ObjectNode o = F.objectNode();
        if (op instanceof Op.Insert ins) {
            o.put("op", "insert").put("table", ins.table());
            o.set("row", rowJson(ins.row(), where));
            if (ins.uuidName() != null) {
                o.put("uuid-name", ins.uuidName());
            }
            if (ins.uuid() != null) {
                o.put("uuid", ins.uuid().toString());
            }
        } else if (op instanceof Op.Update up) {
            o.put("op", "update").put("table", up.table());
            o.set("where", where(up.where(), where));
            o.set("row", rowJson(up.row(), where));
        } else if (op instanceof Op.Delete del) {
            o.put("op", "delete").put("table", del.table());
            o.set("where", where(del.where(), where));
        } else if (op instanceof Op.Mutate mut) {
            o.put("op", "mutate").put("table", mut.table());
            o.set("where", where(mut.where(), where));
            ArrayNode ms = F.arrayNode();
            for (Mutation m : mut.mutations()) {
                ms.add(F.arrayNode()
                        .add(m.column())
                        .add(m.mutator().wire())
                        .add(value(m.value(), where + " mutation of " + m.column())));
            }
            o.set("mutations", ms);
        } else if (op instanceof Op.Wait w) {
            o.put("op", "wait");
            if (w.timeoutMillis() != null) {
                o.put("timeout", w.timeoutMillis());
            }
            o.put("table", w.table());
            o.set("where", where(w.where(), where));
            ArrayNode cols = F.arrayNode();
            w.columns().forEach(cols::add);
            o.set("columns", cols);
            o.put("until", w.until().wire());
            ArrayNode rows = F.arrayNode();
            for (Map<String, Object> r : w.rows()) {
                rows.add(rowJson(r, where));
            }
            o.set("rows", rows);
        } else if (op instanceof Op.Select sel) {
            o.put("op", "select").put("table", sel.table());
            o.set("where", where(sel.where(), where));
            ArrayNode cols = F.arrayNode();
            sel.columns().forEach(cols::add);
            o.set("columns", cols);
        } else if (op instanceof Op.Comment c) {
            o.put("op", "comment").put("comment", c.comment());
        } else {
            throw new IllegalArgumentException("unknown operation " + op);
        }
        return o;
    }

    private static ArrayNode where(List<Condition> conds, String where) {
        ArrayNode a = F.arrayNode();
        for (Condition c : conds) {
            a.add(F.arrayNode()
                    .add(c.column())
                    .add(c.function().wire())
                    .add(value(c.value(), where + " condition on " + c.column())));
        }
        return a;
    }

    /** Refuses duplicate uuid-names and references to names no insert of the transaction declares. */
    static void validateNames(List<Op> ops) {
        Set<String> declared = new HashSet<>();
        for (Op op : ops) {
            if (op instanceof Op.Insert ins && ins.uuidName() != null && !declared.add(ins.uuidName())) {
                throw new IllegalArgumentException("uuid-name " + ins.uuidName() + " is declared twice");
            }
        }
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            List<Object> values = new ArrayList<>();
            if (op instanceof Op.Insert ins) {
                values.addAll(ins.row().values());
            } else if (op instanceof Op.Update up) {
                values.addAll(up.row().values());
                up.where().forEach(c -> values.add(c.value()));
            } else if (op instanceof Op.Delete del) {
                del.where().forEach(c -> values.add(c.value()));
            } else if (op instanceof Op.Mutate mut) {
                mut.where().forEach(c -> values.add(c.value()));
                mut.mutations().forEach(m -> values.add(m.value()));
            } else if (op instanceof Op.Wait w) {
                w.where().forEach(c -> values.add(c.value()));
                w.rows().forEach(r -> values.addAll(r.values()));
            } else if (op instanceof Op.Select sel) {
                sel.where().forEach(c -> values.add(c.value()));
            }
            for (Object v : values) {
                for (NamedUuid n : namedUuids(v)) {
                    if (!declared.contains(n.name())) {
                        throw new IllegalArgumentException("operation " + i + " (" + op.describe() + ") refers to " + n
                                + ", which no insert of this transaction declares");
                    }
                }
            }
        }
    }

    private static List<NamedUuid> namedUuids(Object v) {
        List<NamedUuid> out = new ArrayList<>();
        if (v instanceof NamedUuid n) {
            out.add(n);
        } else if (v instanceof Optional<?> o) {
            o.ifPresent(x -> out.addAll(namedUuids(x)));
        } else if (v instanceof Collection<?> c) {
            c.forEach(x -> out.addAll(namedUuids(x)));
        } else if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> {
                out.addAll(namedUuids(k));
                out.addAll(namedUuids(x));
            });
        }
        return out;
    }

    // ---- monitor ------------------------------------------------------------------------------------------

    /** The {@code params} of a plain {@code monitor}: database, monitor id, and per table its columns and selects. */
    static ArrayNode monitorParams(String database, String monitorId, List<MonitorRequest> requests) {
        return monitorParams(database, monitorId, MonitorMethod.MONITOR, requests, null);
    }

    /**
     * The {@code params} of {@code method}: database, monitor id, the requests by table, and for
     * {@code monitor_cond_since} the last transaction id ({@code null}: none, a full dump). Requests for the same
     * table become that table's array of requests. A plain {@code monitor} takes no conditions: there only the
     * first request of each table is sent, without its {@code where}.
     */
    static ArrayNode monitorParams(
            String database, String monitorId, MonitorMethod method, List<MonitorRequest> requests, String since) {
        ObjectNode tables = F.objectNode();
        for (MonitorRequest r : requests) {
            ArrayNode forTable = (ArrayNode) tables.get(r.table());
            if (forTable == null) {
                forTable = F.arrayNode();
                tables.set(r.table(), forTable);
            } else if (!method.conditional()) {
                continue;
            }
            ObjectNode req = F.objectNode();
            ArrayNode cols = F.arrayNode();
            r.columns().forEach(cols::add);
            req.set("columns", cols);
            if (method.conditional() && !r.where().isEmpty()) {
                req.set("where", where(r.where(), "monitor " + r.table()));
            }
            req.set(
                    "select",
                    F.objectNode()
                            .put("initial", true)
                            .put("insert", true)
                            .put("delete", true)
                            .put("modify", true));
            forTable.add(req);
        }
        ArrayNode params = F.arrayNode().add(database).add(monitorId).add(tables);
        if (method == MonitorMethod.MONITOR_COND_SINCE) {
            params.add(since == null ? MonitorMethod.NO_TXN : since);
        }
        return params;
    }
}
