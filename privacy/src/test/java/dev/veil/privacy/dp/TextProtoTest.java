package dev.veil.privacy.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TextProtoTest {
  @Test
  void parse_nestedRepeatedAndComments() {
    TextProto.Message m = TextProto.parse(
        "# header\nvoting_parameters { number_of_votes: 9 }\n"
            + "case { name: \"a # not a comment\" p { x: 1.5  # = 3/2\n } }\ncase { name: \"b\" p { x: -2e3 } }\n");
    assertEquals("9", m.message("voting_parameters").string("number_of_votes"));
    assertEquals(2, m.messages("case").size());
    assertEquals("a # not a comment", m.messages("case").get(0).string("name"));
    assertEquals(1.5, m.messages("case").get(0).message("p").number("x", 0));
    assertEquals(-2000.0, m.messages("case").get(1).message("p").number("x", 0));
    assertEquals(7.0, m.messages("case").get(1).message("p").number("missing", 7));
  }

  @Test
  void parse_listsAppendToTheRepeatedField() {
    TextProto.Message m = TextProto.parse("p { a: [] a: [1, 2.5,\n 3]  # c\n a: [4] b: [] }");
    assertEquals(java.util.List.of("1", "2.5", "3", "4"), m.message("p").strings("a"));
    assertEquals(java.util.List.of(), m.message("p").strings("b"));
    assertThrows(IllegalStateException.class, () -> TextProto.parse("a: [1 2]"));
  }

  @Test
  void parse_unbalanced_throwsException() {
    assertThrows(IllegalStateException.class, () -> TextProto.parse("a { b: 1"));
    assertThrows(IllegalStateException.class, () -> TextProto.parse("}"));
  }
}
