//===- PassRegistry.cpp - Every pass by name ------------------------------===//
//
// The tables of passes and parameters, expanded from Passes.def; the
// parameter setters, typed by the PassOptions field they set; -list-passes.
//
//===----------------------------------------------------------------------===//

#include "dsocr/Passes/PassRegistry.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <type_traits>

using namespace dsocr;
using llvm::StringRef;

namespace {

// Parsers of parameter values, one per type of PassOptions field.
bool parseValue(StringRef V, unsigned &Out, StringRef &Expected) {
  Expected = "a whole number";
  return !V.getAsInteger(10, Out);
}
bool parseValue(StringRef V, uint64_t &Out, StringRef &Expected) {
  Expected = "a whole number";
  return !V.getAsInteger(10, Out);
}
bool parseValue(StringRef V, bool &Out, StringRef &Expected) {
  Expected = "true or false";
  if (V == "true" || V == "1")
    Out = true;
  else if (V == "false" || V == "0")
    Out = false;
  else
    return false;
  return true;
}
template <typename T>
bool parseValue(StringRef V, llvm::Optional<T> &Out, StringRef &Expected) {
  T Value;
  if (!parseValue(V, Value, Expected))
    return false;
  Out = Value;
  return true;
}
bool parseValue(StringRef V, std::vector<std::string> &Out,
                StringRef &Expected) {
  Expected = "a glob";
  if (V.empty())
    return false;
  Out.push_back(V.str());
  return true;
}

template <typename T> struct IsList : std::false_type {};
template <> struct IsList<std::vector<std::string>> : std::true_type {};

template <typename T, T PassOptions::*Field>
bool setField(PassOptions &O, StringRef V, StringRef &Expected) {
  return parseValue(V, O.*Field, Expected);
}

#define PARAM_ENTRY(PASS_NAME, NAME, FIELD, VALUE_DESC, DESCRIPTION)           \
  {PASS_NAME,                                                                  \
   NAME,                                                                       \
   VALUE_DESC,                                                                 \
   DESCRIPTION,                                                                \
   IsList<decltype(PassOptions::FIELD)>::value,                                \
   &setField<decltype(PassOptions::FIELD), &PassOptions::FIELD>},

const PassParamInfo AllParams[] = {
#define PASS_PARAM PARAM_ENTRY
#include "dsocr/Passes/Passes.def"
};

/// The parameters of the pass named Name: a run of AllParams (Passes.def
/// lists a pass's parameters right after it).
llvm::ArrayRef<PassParamInfo> paramsOf(StringRef Name) {
  const PassParamInfo *Begin = llvm::find_if(
      AllParams, [&](const PassParamInfo &P) { return P.Pass == Name; });
  const PassParamInfo *End =
      std::find_if(Begin, std::end(AllParams),
                   [&](const PassParamInfo &P) { return P.Pass != Name; });
  return llvm::makeArrayRef(Begin, End);
}

const std::vector<PassInfo> &allPasses() {
  static const std::vector<PassInfo> Passes = {
#define PASS(NAME, CREATE, NEEDS, IN_DEFAULT, DESCRIPTION)                     \
  {NAME,  DESCRIPTION, PassNeeds::NEEDS, IN_DEFAULT,                           \
   false, &CREATE,     paramsOf(NAME)},
#define TEST_PASS(NAME, CREATE, NEEDS, DESCRIPTION)                            \
  {NAME, DESCRIPTION, PassNeeds::NEEDS, false, true, &CREATE, {}},
#include "dsocr/Passes/Passes.def"
  };
  return Passes;
}

} // namespace

const PassParamInfo *PassInfo::lookupParam(StringRef ParamName) const {
  for (const PassParamInfo &P : Params)
    if (P.Name == ParamName)
      return &P;
  return nullptr;
}

std::vector<const PassInfo *> dsocr::registeredPasses(bool IncludeTestPasses) {
  std::vector<const PassInfo *> Out;
  for (const PassInfo &P : allPasses())
    if (IncludeTestPasses || !P.TestOnly)
      Out.push_back(&P);
  return Out;
}

const PassInfo *dsocr::lookupPass(StringRef Name, bool IncludeTestPasses) {
  for (const PassInfo *P : registeredPasses(IncludeTestPasses))
    if (P->Name == Name)
      return P;
  return nullptr;
}

std::vector<const PassInfo *> dsocr::defaultPipeline() {
  std::vector<const PassInfo *> Out;
  for (const PassInfo *P : registeredPasses())
    if (P->InDefaultPipeline)
      Out.push_back(P);
  return Out;
}

void dsocr::printPassList(llvm::raw_ostream &OS, bool IncludeTestPasses) {
  std::vector<const PassInfo *> Passes = registeredPasses(IncludeTestPasses);
  OS << "Registered passes (default pipeline marked *):\n";
  size_t Width = 0;
  for (const PassInfo *P : Passes)
    Width = std::max(Width, P->Name.size());
  for (const PassInfo *P : Passes) {
    OS << "  " << (P->InDefaultPipeline ? '*' : ' ') << ' ' << P->Name;
    OS.indent(Width - P->Name.size() + 2);
    OS << P->Description << '\n';
    for (const PassParamInfo &Param : P->Params) {
      std::string Form = (Param.Name + "=<" + Param.ValueDesc + ">").str();
      OS.indent(Width + 8) << Form;
      OS.indent(Form.size() < 22 ? 22 - Form.size() : 1);
      OS << Param.Description << '\n';
    }
  }
}

bool PassNameParser::parse(llvm::cl::Option &O, StringRef ArgName,
                           StringRef Arg, std::string &Value) {
  if (!lookupPass(Arg, /*IncludeTestPasses=*/true))
    return O.error("unknown pass '" + Arg + "' (see -list-passes)");
  Value = Arg.str();
  return false;
}
