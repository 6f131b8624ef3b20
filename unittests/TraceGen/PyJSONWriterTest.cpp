//===- PyJSONWriterTest.cpp - JSON as Python's json.dump writes it --------===//
//
// The bytes json.dump(obj, f, indent=2) writes, including empty containers
// and string escaping (ensure_ascii).
//
//===----------------------------------------------------------------------===//

#include "dsocr/TraceGen/PyJSONWriter.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace dsocr;

namespace {

TEST(PyJSONWriterTest, IndentTwo) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  PyJSONWriter W(OS);
  W.beginObject();
  W.key("call_counts");
  W.beginObject();
  W.key("a");
  W.value(uint64_t(2));
  W.key("a.b");
  W.value(int64_t(-1));
  W.end();
  W.key("edges");
  W.beginObject();
  W.end();
  W.key("module_children");
  W.beginObject();
  W.key("a");
  W.beginArray();
  W.value("a.b");
  W.value("a.c");
  W.end();
  W.key("e");
  W.beginArray();
  W.end();
  W.end();
  W.key("flags");
  W.beginArray();
  W.value(true);
  W.value(false);
  W.end();
  W.end();
  // json.dumps({"call_counts": {"a": 2, "a.b": -1}, "edges": {},
  //             "module_children": {"a": ["a.b", "a.c"], "e": []},
  //             "flags": [True, False]}, indent=2)
  EXPECT_EQ(OS.str(), "{\n"
                      "  \"call_counts\": {\n"
                      "    \"a\": 2,\n"
                      "    \"a.b\": -1\n"
                      "  },\n"
                      "  \"edges\": {},\n"
                      "  \"module_children\": {\n"
                      "    \"a\": [\n"
                      "      \"a.b\",\n"
                      "      \"a.c\"\n"
                      "    ],\n"
                      "    \"e\": []\n"
                      "  },\n"
                      "  \"flags\": [\n"
                      "    true,\n"
                      "    false\n"
                      "  ]\n"
                      "}");
  EXPECT_EQ(W.depth(), 0u);
}

TEST(PyJSONWriterTest, CapturedMembersWrittenBackInAnyOrder) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  PyJSONWriter W(OS);
  W.beginObject();
  W.key("s");
  W.beginObject();
  W.key("first");
  W.value(uint64_t(0));
  W.beginCapture();
  W.key("a");
  W.value(uint64_t(1));
  EXPECT_EQ(W.capturedMembers(), 1u);
  W.key("b");
  W.beginArray();
  W.value("x");
  W.end();
  std::vector<std::string> Members = W.endCapture();
  ASSERT_EQ(Members.size(), 2u);
  EXPECT_EQ(Members[0], "\"a\": 1");
  EXPECT_EQ(Members[1], "\"b\": [\n      \"x\"\n    ]");
  W.writeMember(Members[1]);
  W.writeMember(Members[0]);
  W.end();
  W.end();
  OS.flush();
  EXPECT_EQ(S, "{\n  \"s\": {\n    \"first\": 0,\n    \"b\": [\n      \"x\"\n"
               "    ],\n    \"a\": 1\n  }\n}");
}

TEST(PyJSONWriterTest, CaptureOfAnEmptyObject) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  PyJSONWriter W(OS);
  W.beginObject();
  W.beginCapture();
  W.key("k");
  W.value(true);
  std::vector<std::string> Members = W.endCapture();
  W.writeMember(Members[0]);
  W.end();
  OS.flush();
  EXPECT_EQ(S, "{\n  \"k\": true\n}");
}

TEST(PyJSONWriterTest, EscapesLikePython) {
  std::string S;
  llvm::raw_string_ostream OS(S);
  // json.dumps('a"b\\c\n\t\x01\x7f é 🙂')
  PyJSONWriter::writeString(OS,
                            "a\"b\\c\n\t\x01\x7f \xc3\xa9 \xf0\x9f\x99\x82");
  EXPECT_EQ(OS.str(),
            "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f \\u00e9 \\ud83d\\ude42\"");
}

} // namespace
