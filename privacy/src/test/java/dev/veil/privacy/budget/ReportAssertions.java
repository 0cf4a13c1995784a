package dev.veil.privacy.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Checks that a report page is one well-formed, self-contained document. */
final class ReportAssertions {
  private ReportAssertions() {}

  static Document assertSelfContainedAndWellFormed(String html) throws Exception {
    String lower = html.toLowerCase(Locale.ROOT);
    for (String forbidden : new String[] {"http:", "https:", "src=", "href=", "url(", "<link", "<script", "@import"}) {
      assertFalse(lower.contains(forbidden), "the report must not reference anything outside itself: found " + forbidden);
    }
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setExpandEntityReferences(false);
    Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    assertEquals("html", d.getDocumentElement().getTagName());
    return d;
  }
}
