//===- PassPipelineParser.cpp - Pipeline text to pipeline elements --------===//
//
// Parses `parse-edges,prune{depth=2 pattern='a.*'}` into PipelineElements;
// every error points at its place in the text.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/PassManager.h"

#include "dsocr/Passes/PassRegistry.h"
#include "dsocr/Support/Diagnostics.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace dsocr;
using llvm::StringRef;

namespace {

class PipelineParser {
public:
  PipelineParser(StringRef Text, Diagnostics &Diags, bool AllowTestPasses)
      : Cur(Text.begin()), End(Text.end()), Diags(Diags),
        AllowTestPasses(AllowTestPasses) {}

  llvm::Optional<std::vector<PipelineElement>> parse();

private:
  bool element(unsigned Index, PipelineElement &E);
  bool params(PipelineElement &E);
  bool param(PipelineElement &E);
  bool value(std::string &Out);
  StringRef word();
  void skipSpace(StringRef Also = "") {
    while (Cur != End && (llvm::isSpace(*Cur) || Also.contains(*Cur)))
      ++Cur;
  }
  bool atEnd() const { return Cur == End; }
  bool error(const char *Loc, const llvm::Twine &Message) {
    Diags.error(Loc, Message);
    return false;
  }

  const char *Cur;
  const char *End;
  Diagnostics &Diags;
  bool AllowTestPasses;
};

std::string knownPasses(bool AllowTestPasses) {
  std::string Known;
  for (const PassInfo *P : registeredPasses(AllowTestPasses))
    Known += (Known.empty() ? "" : ", ") + P->Name.str();
  return Known;
}

std::string paramNames(const PassInfo &P) {
  std::string Names;
  for (const PassParamInfo &Param : P.Params)
    Names += (Names.empty() ? "" : ", ") + Param.Name.str();
  return Names;
}

/// A value as written in a pipeline: quoted when it must be.
std::string quoteValue(StringRef V) {
  if (!V.empty() && V.find_first_of(" \t\n,{}'\"") == StringRef::npos)
    return V.str();
  char Q = V.contains('\'') ? '"' : '\'';
  return Q + V.str() + Q;
}

} // namespace

llvm::Optional<std::vector<PipelineElement>> PipelineParser::parse() {
  std::vector<PipelineElement> Elements;
  skipSpace();
  if (atEnd()) {
    error(Cur, "empty pass pipeline");
    return llvm::None;
  }
  for (unsigned Index = 1;; ++Index) {
    PipelineElement E;
    if (!element(Index, E))
      return llvm::None;
    Elements.push_back(std::move(E));
    skipSpace();
    if (atEnd())
      return Elements;
    if (*Cur != ',') {
      error(Cur,
            "expected ',' or '{' after pass '" + Elements.back().name() + "'");
      return llvm::None;
    }
    ++Cur;
  }
}

StringRef PipelineParser::word() {
  const char *Begin = Cur;
  while (Cur != End && (llvm::isAlnum(*Cur) || *Cur == '-' || *Cur == '_'))
    ++Cur;
  return StringRef(Begin, Cur - Begin);
}

bool PipelineParser::element(unsigned Index, PipelineElement &E) {
  skipSpace();
  const char *NameLoc = Cur;
  StringRef Name = word();
  if (Name.empty()) {
    if (atEnd() || *Cur == ',')
      return error(NameLoc, "empty element " + llvm::Twine(Index) +
                                " in the pass pipeline");
    return error(NameLoc, "expected a pass name");
  }
  E.Info = lookupPass(Name, AllowTestPasses);
  if (!E.Info)
    return error(NameLoc, "unknown pass '" + Name + "' (known passes: " +
                              knownPasses(AllowTestPasses) +
                              "; see -list-passes)");
  skipSpace();
  if (!atEnd() && *Cur == '{')
    return params(E);
  return true;
}

bool PipelineParser::params(PipelineElement &E) {
  const char *Open = Cur++;
  for (;;) {
    skipSpace(",");
    if (atEnd())
      return error(Open, "missing '}' after the parameters of pass '" +
                             E.name() + "'");
    if (*Cur == '}') {
      ++Cur;
      return true;
    }
    if (!param(E))
      return false;
  }
}

bool PipelineParser::param(PipelineElement &E) {
  const char *NameLoc = Cur;
  StringRef Name = word();
  if (Name.empty())
    return error(NameLoc, "expected a parameter name");
  const PassParamInfo *Param = E.Info->lookupParam(Name);
  if (!Param) {
    if (E.Info->Params.empty())
      return error(NameLoc, "pass '" + E.name() + "' takes no parameters");
    return error(NameLoc, "pass '" + E.name() + "' has no parameter '" + Name +
                              "' (its parameters: " + paramNames(*E.Info) +
                              ")");
  }
  if (!Param->Repeatable)
    for (const auto &Given : E.Params)
      if (Given.first == Param)
        return error(NameLoc, "parameter '" + Name + "' of pass '" + E.name() +
                                  "' given twice");
  skipSpace();
  if (atEnd() || *Cur != '=')
    return error(Cur, "expected '=' after parameter '" + Name + "'");
  ++Cur;
  skipSpace();
  const char *ValueLoc = Cur;
  std::string Value;
  if (!value(Value))
    return false;
  PassOptions Scratch;
  StringRef Expected;
  if (!Param->Set(Scratch, Value, Expected))
    return error(ValueLoc, "invalid value '" + Value + "' for parameter '" +
                               Name + "' of pass '" + E.name() +
                               "' (expected " + Expected + ")");
  E.Params.push_back({Param, std::move(Value)});
  return true;
}

bool PipelineParser::value(std::string &Out) {
  if (!atEnd() && (*Cur == '\'' || *Cur == '"')) {
    const char *Open = Cur;
    const char *Close = std::find(Cur + 1, End, *Open);
    if (Close == End)
      return error(Open, "missing closing quote");
    Out.assign(Open + 1, Close);
    Cur = Close + 1;
    return true;
  }
  const char *Begin = Cur;
  while (Cur != End && !llvm::isSpace(*Cur) && *Cur != ',' && *Cur != '}' &&
         *Cur != '{')
    ++Cur;
  Out.assign(Begin, Cur);
  if (Out.empty())
    return error(Begin, "expected a value");
  return true;
}

llvm::Optional<std::vector<PipelineElement>>
dsocr::parsePassPipeline(StringRef Text, Diagnostics &Diags,
                         StringRef BufferName, bool AllowTestPasses) {
  const llvm::MemoryBuffer *Buf = Diags.addBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(Text, BufferName), BufferName);
  return PipelineParser(Buf->getBuffer(), Diags, AllowTestPasses).parse();
}

StringRef PipelineElement::name() const { return Info->Name; }

std::string PipelineElement::text() const {
  std::string Out = Info->Name.str();
  if (Params.empty())
    return Out;
  Out += '{';
  for (size_t I = 0; I < Params.size(); ++I)
    Out += (I ? " " : "") + Params[I].first->Name.str() + "=" +
           quoteValue(Params[I].second);
  return Out + '}';
}

PassOptions PipelineElement::apply(const PassOptions &Defaults) const {
  PassOptions O = Defaults;
  StringRef Expected;
  for (const auto &P : Params)
    P.first->Set(O, P.second, Expected); // checked when parsed
  return O;
}
