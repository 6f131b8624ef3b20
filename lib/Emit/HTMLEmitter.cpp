//===- HTMLEmitter.cpp - The interactive HTML report ----------------------===//
//
// One self-contained page (docs/Report.md) that loads nothing: the
// skeleton, style and script of lib/Emit/html/ (embedded at build time),
// the grouped JSON inlined as data for the script to render, and the
// picture, which is the SVG Graphviz rendered (EmitContext::PictureSVG),
// else the DOT text, and none when the tree is too large to draw.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Emit/Emitter.h"

#include "dsocr/Emit/Describe.h"
#include "dsocr/Emit/JSONOutput.h"
#include "dsocr/IR/CallGraph.h"
#include "dsocr/Support/EmbeddedFiles.h"
#include "dsocr/Support/Version.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

using namespace dsocr;

namespace {
#include "HTMLAssets.inc"
} // namespace

/// The embedded file lib/Emit/html/<Name>.*.
static llvm::StringRef asset(llvm::StringRef Name) {
  llvm::StringRef Text = EmbeddedFiles(HTMLAssets, "HTML asset").text(Name);
  assert(!Text.empty() && "no such HTML asset");
  return Text;
}

/// Text for HTML element content or a quoted attribute value.
static void escapeHTML(llvm::raw_ostream &OS, llvm::StringRef S) {
  for (char C : S) {
    switch (C) {
    case '&':
      OS << "&amp;";
      break;
    case '<':
      OS << "&lt;";
      break;
    case '>':
      OS << "&gt;";
      break;
    case '"':
      OS << "&quot;";
      break;
    case '\'':
      OS << "&#39;";
      break;
    default:
      OS << C;
    }
  }
}

static size_t countNodes(const CallGraph &G) {
  size_t Count = 0;
  G.walkPreOrder([&](Node *) { ++Count; });
  return Count;
}

bool dsocr::htmlShowsPicture(const CallGraph &G) {
  return countNodes(G) <= HTMLMaxPictureNodes;
}

/// The grouped JSON as the content of a script element: `<` only occurs in
/// JSON strings, where `\u003c` means the same, so no `</script>` or `<!--`
/// can end the element early.
static void writeData(llvm::raw_ostream &OS, const CallGraph &G,
                      const EmitContext &Ctx) {
  std::string JSON;
  llvm::raw_string_ostream JS(JSON);
  emitGroupedJSON(G, Ctx, JS, 0);
  JS.flush();
  llvm::StringRef Rest = llvm::StringRef(JSON).rtrim('\n');
  for (size_t At; (At = Rest.find('<')) != llvm::StringRef::npos;) {
    OS << Rest.take_front(At) << "\\u003c";
    Rest = Rest.drop_front(At + 1);
  }
  OS << Rest;
}

/// The SVG element of Graphviz's output, without the XML prolog and
/// doctype that cannot stand inside HTML.
static llvm::StringRef svgElement(llvm::StringRef SVG) {
  size_t At = SVG.find("<svg");
  return At == llvm::StringRef::npos ? llvm::StringRef()
                                     : SVG.drop_front(At).rtrim();
}

static void writePicture(llvm::raw_ostream &OS, const CallGraph &G,
                         const EmitContext &Ctx) {
  size_t Nodes = countNodes(G);
  if (Nodes > HTMLMaxPictureNodes) {
    OS << "<p class=\"tools\">The grouped tree has " << withThousands(Nodes)
       << " nodes, more than the " << withThousands(HTMLMaxPictureNodes)
       << " a picture is drawn for here; <code>-emit=dot</code> writes it "
          "for Graphviz.</p>";
    return;
  }
  llvm::StringRef SVG = svgElement(Ctx.PictureSVG);
  if (!SVG.empty()) {
    OS << "<p class=\"tools\"><button type=\"button\" id=\"picture-fit\">"
          "Actual size</button> Hover a box for its calls, ops, parameters "
          "and shapes; click it to select the node.</p>\n"
       << "<div class=\"frame fit\">\n"
       << SVG << "\n</div>";
    return;
  }
  OS << "<p class=\"tools\">Graphviz was not at hand when this report was "
        "written, so here is the picture as DOT text: "
        "<code>dot -Tsvg</code> draws it.</p>\n"
     << "<div class=\"frame\"><pre id=\"picture-source\">";
  escapeHTML(OS, emitToString(EmitFormat::DOT, G, Ctx));
  OS << "</pre></div>";
}

void dsocr::emitHTML(const CallGraph &G, const EmitContext &Ctx,
                     llvm::raw_ostream &OS) {
  llvm::StringRef Page = asset("page");
  // The comment that opens page.html is for its readers, not the report's.
  if (Page.startswith("<!--"))
    Page = Page.drop_front(Page.find("-->") + 3).ltrim();
  while (!Page.empty()) {
    size_t Open = Page.find("@@");
    size_t Close = Open == llvm::StringRef::npos ? llvm::StringRef::npos
                                                 : Page.find("@@", Open + 2);
    if (Close == llvm::StringRef::npos) {
      OS << Page;
      break;
    }
    OS << Page.take_front(Open);
    llvm::StringRef Name = Page.slice(Open + 2, Close);
    Page = Page.drop_front(Close + 2);
    if (Name == "TITLE")
      escapeHTML(OS, Ctx.ProfileTitle);
    else if (Name == "SOURCE")
      escapeHTML(OS, Ctx.SourceName);
    else if (Name == "VERSION")
      OS << DSOCR_VERSION_STRING;
    else if (Name == "STYLE")
      OS << asset("style").rtrim();
    else if (Name == "SCRIPT")
      OS << asset("script").rtrim();
    else if (Name == "DATA")
      writeData(OS, G, Ctx);
    else if (Name == "PICTURE")
      writePicture(OS, G, Ctx);
    else
      llvm_unreachable("unknown marker in page.html");
  }
}
