package dev.veil.lineage.view;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A deterministic layered layout of a directed graph: each node goes in the column of its
 * topological depth (the longest path from a node without predecessors), and within a column nodes
 * are ordered by the mean height of their predecessors, then by id. Cycles, which foreign events can
 * form (a job that reads and writes the same table), are broken by a depth-first search over the
 * sorted nodes; the edges it finds closing a cycle are "back" edges, left out of the depth
 * computation and drawn differently.
 *
 * <p>The result depends only on the node ids and edges, not on the order they are given in.
 * Immutable once computed; thread-safe.
 */
final class GraphLayout {
  static final int NODE_W = 220;
  static final int NODE_H = 46;
  static final int COL_GAP = 90;
  static final int ROW_GAP = 18;
  static final int MARGIN = 20;
  /** Extra room on the right and bottom for back edges, which loop outside the columns. */
  static final int LOOP_ROOM = 60;

  /** A placed node: its column (depth), its position in the column, and the top-left corner of its box. */
  record Placed(String id, int depth, int row, int x, int y) {}

  /** An edge between two node ids. */
  record Arc(String from, String to) {}

  final Map<String, Placed> nodes;
  final Set<Arc> backEdges;
  final int width;
  final int height;

  private GraphLayout(Map<String, Placed> nodes, Set<Arc> backEdges, int width, int height) {
    this.nodes = nodes;
    this.backEdges = backEdges;
    this.width = width;
    this.height = height;
  }

  /** Lays out the nodes; edges whose ends are not among the nodes are ignored. */
  static GraphLayout of(Collection<String> nodeIds, Collection<Arc> arcs) {
    TreeSet<String> ids = new TreeSet<>(nodeIds);
    Map<String, TreeSet<String>> succ = new HashMap<>();
    Map<String, Integer> indegree = new HashMap<>();
    for (String id : ids) {
      succ.put(id, new TreeSet<>());
      indegree.put(id, 0);
    }
    for (Arc a : arcs) {
      if (!ids.contains(a.from()) || !ids.contains(a.to()) || a.from().equals(a.to())) continue;
      if (succ.get(a.from()).add(a.to())) indegree.merge(a.to(), 1, Integer::sum);
    }

    Set<Arc> back = findBackEdges(ids, succ, indegree);

    // longest-path depth over the acyclic rest, with Kahn's algorithm in id order
    Map<String, List<String>> dagPred = new HashMap<>();
    Map<String, Integer> remaining = new HashMap<>();
    for (String id : ids) {
      dagPred.put(id, new ArrayList<>());
      remaining.put(id, 0);
    }
    for (String u : ids) {
      for (String v : succ.get(u)) {
        if (back.contains(new Arc(u, v))) continue;
        dagPred.get(v).add(u);
        remaining.merge(v, 1, Integer::sum);
      }
    }
    Map<String, Integer> depth = new HashMap<>();
    PriorityQueue<String> ready = new PriorityQueue<>();
    for (String id : ids) {
      if (remaining.get(id) == 0) ready.add(id);
      depth.put(id, 0);
    }
    while (!ready.isEmpty()) {
      String u = ready.poll();
      for (String v : succ.get(u)) {
        if (back.contains(new Arc(u, v))) continue;
        depth.put(v, Math.max(depth.get(v), depth.get(u) + 1));
        if (remaining.merge(v, -1, Integer::sum) == 0) ready.add(v);
      }
    }

    TreeMap<Integer, List<String>> columns = new TreeMap<>();
    for (String id : ids) columns.computeIfAbsent(depth.get(id), k -> new ArrayList<>()).add(id);
    int maxRows = 0;
    for (List<String> c : columns.values()) maxRows = Math.max(maxRows, c.size());

    Map<String, Placed> placed = new TreeMap<>();
    int step = NODE_H + ROW_GAP;
    for (Map.Entry<Integer, List<String>> col : columns.entrySet()) {
      List<String> members = new ArrayList<>(col.getValue());
      Map<String, Double> key = new HashMap<>();
      for (String id : members) {
        double sum = 0;
        int n = 0;
        for (String p : dagPred.get(id)) {
          Placed pp = placed.get(p);
          if (pp != null) {
            sum += pp.y();
            n++;
          }
        }
        key.put(id, n == 0 ? 0.0 : sum / n);
      }
      members.sort(Comparator.comparingDouble((String id) -> key.get(id)).thenComparing(Comparator.naturalOrder()));
      int offset = (maxRows - members.size()) * step / 2;
      for (int i = 0; i < members.size(); i++) {
        String id = members.get(i);
        int d = col.getKey();
        placed.put(id, new Placed(id, d, i, MARGIN + d * (NODE_W + COL_GAP), MARGIN + offset + i * step));
      }
    }
    int cols = columns.isEmpty() ? 0 : columns.lastKey() + 1;
    int width = 2 * MARGIN + Math.max(1, cols) * NODE_W + Math.max(0, cols - 1) * COL_GAP + (back.isEmpty() ? 0 : LOOP_ROOM);
    int height = 2 * MARGIN + Math.max(1, maxRows) * step + (back.isEmpty() ? 0 : LOOP_ROOM);
    return new GraphLayout(placed, back, width, height);
  }

  /** Iterative DFS, starting from nodes without predecessors, then any left, all in id order. */
  private static Set<Arc> findBackEdges(TreeSet<String> ids, Map<String, TreeSet<String>> succ, Map<String, Integer> indegree) {
    Set<Arc> back = new HashSet<>();
    Map<String, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the stack, 2: done
    List<String> starts = new ArrayList<>();
    for (String id : ids) if (indegree.get(id) == 0) starts.add(id);
    starts.addAll(ids);
    for (String s : starts) {
      if (state.containsKey(s)) continue;
      Deque<Object[]> stack = new ArrayDeque<>();
      state.put(s, 1);
      stack.push(new Object[] {s, new ArrayList<>(succ.get(s)), 0});
      while (!stack.isEmpty()) {
        Object[] top = stack.peek();
        String u = (String) top[0];
        @SuppressWarnings("unchecked")
        List<String> next = (List<String>) top[1];
        int i = (Integer) top[2];
        if (i == next.size()) {
          state.put(u, 2);
          stack.pop();
          continue;
        }
        top[2] = i + 1;
        String v = next.get(i);
        Integer sv = state.get(v);
        if (sv == null) {
          state.put(v, 1);
          stack.push(new Object[] {v, new ArrayList<>(succ.get(v)), 0});
        } else if (sv == 1) {
          back.add(new Arc(u, v));
        }
      }
    }
    return back;
  }

  /** The SVG path of an edge: a horizontal cubic curve forward, a loop below the boxes for a back edge. */
  String path(String from, String to) {
    Placed a = nodes.get(from);
    Placed b = nodes.get(to);
    int x1 = a.x() + NODE_W;
    int y1 = a.y() + NODE_H / 2;
    int x2 = b.x();
    int y2 = b.y() + NODE_H / 2;
    if (b.depth() > a.depth()) {
      int dx = Math.max(30, (x2 - x1) / 2);
      return "M" + x1 + "," + y1 + " C" + (x1 + dx) + "," + y1 + " " + (x2 - dx) + "," + y2 + " " + x2 + "," + y2;
    }
    int low = Math.max(a.y(), b.y()) + NODE_H + LOOP_ROOM / 2 + 10;
    return "M" + x1 + "," + y1 + " C" + (x1 + LOOP_ROOM) + "," + y1 + " " + (x1 + LOOP_ROOM) + "," + low + " " + ((x1 + x2) / 2) + "," + low
        + " S" + (x2 - LOOP_ROOM) + "," + y2 + " " + x2 + "," + y2;
  }
}
