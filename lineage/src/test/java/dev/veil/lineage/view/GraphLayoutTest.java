package dev.veil.lineage.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.veil.lineage.view.GraphLayout.Arc;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GraphLayoutTest {
  static Arc arc(String from, String to) {
    return new Arc(from, to);
  }

  @Test
  void depthIsTheLongestPath_evenWhenAShortPathIsSeenLast() {
    // t is reached by a -> b -> c -> t (length 3) and by z -> t (length 1); z sorts after c
    GraphLayout g = GraphLayout.of(List.of("a", "b", "c", "t", "z"), List.of(arc("a", "b"), arc("b", "c"), arc("c", "t"), arc("z", "t")));
    assertEquals(0, g.nodes.get("a").depth());
    assertEquals(0, g.nodes.get("z").depth());
    assertEquals(2, g.nodes.get("c").depth());
    assertEquals(3, g.nodes.get("t").depth());
    assertTrue(g.backEdges.isEmpty());
    assertEquals(g.nodes.get("a").x(), g.nodes.get("z").x(), "same column, same x");
    assertNotEquals(g.nodes.get("a").y(), g.nodes.get("z").y(), "same column, different rows");
  }

  @Test
  void cyclesAreBrokenByOneBackEdge_andEveryOtherEdgeGoesRight() {
    List<Arc> arcs = List.of(arc("ds", "job"), arc("job", "ds"), arc("src", "job"), arc("job", "out"));
    GraphLayout g = GraphLayout.of(List.of("ds", "job", "src", "out"), arcs);
    // the search starts at src, the only node without predecessors: src -> job -> ds, so ds -> job closes the cycle
    assertEquals(Set.of(arc("ds", "job")), g.backEdges);
    assertEquals(List.of(0, 1, 2, 2), List.of(g.nodes.get("src").depth(), g.nodes.get("job").depth(), g.nodes.get("ds").depth(),
        g.nodes.get("out").depth()));
    for (Arc a : arcs) {
      if (!g.backEdges.contains(a)) assertTrue(g.nodes.get(a.to()).depth() > g.nodes.get(a.from()).depth(), a.toString());
      String path = g.path(a.from(), a.to());
      assertTrue(path.startsWith("M" + (g.nodes.get(a.from()).x() + GraphLayout.NODE_W) + ","), path);
    }
    // a back edge loops below both boxes
    assertTrue(g.path("ds", "job").contains(" S"), g.path("ds", "job"));
    assertTrue(!g.path("job", "ds").contains(" S"), g.path("job", "ds"));
  }

  @Test
  void layoutDependsOnlyOnTheGraph_notOnTheOrderGiven() {
    List<String> nodes = new ArrayList<>();
    List<Arc> arcs = new ArrayList<>();
    for (int i = 0; i < 30; i++) nodes.add("n" + i);
    Random r = new Random(42);
    for (int i = 0; i < 60; i++) arcs.add(arc("n" + r.nextInt(30), "n" + r.nextInt(30)));
    GraphLayout a = GraphLayout.of(nodes, arcs);
    Collections.shuffle(nodes, new Random(1));
    Collections.shuffle(arcs, new Random(2));
    GraphLayout b = GraphLayout.of(nodes, arcs);
    assertEquals(a.nodes, b.nodes);
    assertEquals(a.backEdges, b.backEdges);
    assertEquals(a.width, b.width);
    assertEquals(a.height, b.height);
    // no two boxes overlap, and every box is inside the drawing
    Set<String> cells = new HashSet<>();
    for (GraphLayout.Placed p : a.nodes.values()) {
      assertTrue(cells.add(p.x() + "," + p.y()), "one box per place: " + p);
      assertTrue(p.x() + GraphLayout.NODE_W <= a.width && p.y() + GraphLayout.NODE_H <= a.height, p.toString());
    }
  }

  @Test
  void idsAreValidAndUnambiguous() {
    assertNotEquals(Html.qualifiedIdPart("a/b", "c"), Html.qualifiedIdPart("a", "b/c"));
    assertEquals("file//data/in.csv", Html.qualifiedIdPart("file", "/data/in.csv"));
    assertEquals("a%20b%25/x%2520y", Html.qualifiedIdPart("a b%", "x%20y"));
    assertEquals("%e2%82%ac", Html.idPart("\u20ac"));
    assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&#xE9;&#x1F600;&#xFFFD;&#xFFFD;", Html.esc("<a href=\"x\">&'\u00e9\uD83D\uDE00\u0007\uD800"));
  }
}
