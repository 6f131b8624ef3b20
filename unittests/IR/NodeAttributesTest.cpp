//===- NodeAttributesTest.cpp - Tests of the node-attribute table ---------===//
//
// docs/IR.md shows the attribute table; this test keeps the two equal, so
// the documentation cannot drift from the printer and parser.
//
//===----------------------------------------------------------------------===//

#include "../TestUtil.h"

#include "dsocr/IR/NodeAttributes.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace dsocr;
using namespace dsocr::test;

static constexpr llvm::StringLiteral Begin =
    "<!-- Generated from lib/IR/NodeAttributes.cpp: edit the table there. "
    "-->\n";
static constexpr llvm::StringLiteral End =
    "<!-- End of the generated table. -->";

TEST(NodeAttributesTest, DocsShowTheTable) {
  // This file is compiled from its absolute path: docs/ is two levels up.
  llvm::SmallString<256> Path(__FILE__);
  llvm::sys::path::remove_filename(Path);
  llvm::sys::path::append(Path, "..", "..", "docs", "IR.md");
  auto Doc = llvm::MemoryBuffer::getFile(Path);
  ASSERT_TRUE(bool(Doc)) << "cannot read " << Path.str().str();
  llvm::StringRef Text = (*Doc)->getBuffer();
  size_t From = Text.find(Begin), To = Text.find(End);
  // (npos is not bound to a reference: LLVM 14's is not an inline variable)
  ASSERT_TRUE(From != llvm::StringRef::npos) << "no start marker in docs/IR.md";
  ASSERT_TRUE(To != llvm::StringRef::npos) << "no end marker in docs/IR.md";
  llvm::StringRef Shown = Text.slice(From + Begin.size(), To);
  std::string Want;
  llvm::raw_string_ostream OS(Want);
  writeNodeAttributeDocs(OS);
  EXPECT_EQ(Shown.str(), OS.str())
      << "docs/IR.md's attribute table differs from the table in "
         "lib/IR/NodeAttributes.cpp; put this between the markers:\n"
      << OS.str();
}

TEST(NodeAttributesTest, NamesAreUniqueAndRowsHaveMeanings) {
  llvm::StringSet<> Names;
  for (const NodeAttribute &A : nodeAttributes()) {
    EXPECT_TRUE(Names.insert(A.Name).second) << A.Name;
    EXPECT_NE(A.On, 0) << A.Name;
    EXPECT_EQ(A.Required & ~A.On, 0) << A.Name << " required where not allowed";
    EXPECT_TRUE(A.IsSet && A.Print && A.Parse) << A.Name;
  }
  ASSERT_FALSE(nodeAttributes().empty());
  EXPECT_TRUE(nodeAttributes().front().Meaning);
}

TEST(NodeAttributesTest, EveryAttributeRoundTrips) {
  // A tree that sets every attribute at least once prints back the same.
  const char *IR =
      "root calls=1 ignored_keys=[\"k\"] "
      "runtime_events=[{\"kind\":\"e\",\"n\":1}] stage=\"s\" total_calls=4 "
      "total_ops=7 families=true stage_totals=[] notes=[\"r\"] "
      "hidden_nodes=1 hidden_calls=0 hidden_ops=2 params={\"a\":1} "
      "inputs=[] outputs=[] {\n"
      "  for \"a.[0-1]\" : \"A\" count=2 members=[0-1] instances=3 calls=2 "
      "per_call=2 parfor=2 ops=5 stage=\"t\" inactive=[\"a.1\"] "
      "shared_by=[\"x\"] notes=[\"n\"] meta={}\n"
      "  parfor \"b.m[b-c]\" : \"B\" count=2 members=[1-2] stem=\"m\" "
      "index=lower reason=\"never-called members\" calls=0 ops=0\n"
      "  for \"c.{q,v}\" : \"C\" count=2 members=[0,2] index=listed "
      "names=[\"q\", \"k\", \"v\"] calls=0 ops=0\n"
      "  stage \"s\" calls=1 per_call=1 ops=0 totals={\"calls\":0}\n"
      "}\n";
  Fixture F;
  ASSERT_TRUE(F.parseIRText(IR)) << F.messages();
  std::string Once = F.printed();
  llvm::StringSet<> Printed;
  for (const NodeAttribute &A : nodeAttributes())
    if (llvm::StringRef(Once).contains(std::string(" ") + A.Name + "="))
      Printed.insert(A.Name);
  for (const NodeAttribute &A : nodeAttributes())
    EXPECT_TRUE(Printed.count(A.Name)) << A.Name << " is not exercised";
  Fixture Again;
  ASSERT_TRUE(Again.parseIRText(Once)) << Again.messages();
  EXPECT_EQ(Again.printed(), Once);
}
