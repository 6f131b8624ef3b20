//===- RuntimeEvents.h - What the traced run recorded about itself -*- C++ -*-=//
//
// A run may record events beside its trace (the crop count of an image, the
// number of decode steps): `{"events": [{"kind": "vision_inputs", "module":
// "DeepseekOCRModel", "num_images": 1, "num_crops_total": 4}]}`, in a side
// file (`-events FILE`) or under the trace's top-level key
// `runtime_events`. A graph keeps them as given, in order; the profile
// turns the kinds it knows into notes on nodes (annotate-stage), and every
// other kind is kept and shown, never an error. An event is an object with
// a non-empty string `kind`, an optional string `module`, and any other
// fields.
//
//===----------------------------------------------------------------------===//

#ifndef DSOCR_IR_RUNTIMEEVENTS_H
#define DSOCR_IR_RUNTIMEEVENTS_H

#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <boost/json/fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class MemoryBuffer;
} // namespace llvm

namespace dsocr {

class Diagnostics;
class JValue;

struct RuntimeEvent {
  std::string Kind;
  std::string Module; // empty when the event names none
  std::string JSON;   // the whole event, canonical JSON (keys sorted)
};

/// Reads an events document, `{"events": [...]}` (other keys are ignored)
/// or a bare list of events, into Out. What names the document in messages
/// ("'runtime_events'"). Returns false after reporting the first problem at
/// its value.
bool readRuntimeEvents(const JValue &Doc, const llvm::Twine &What,
                       std::vector<RuntimeEvent> &Out, Diagnostics &Diags);

/// Reads an events file (registered with Diags) into Out.
bool parseRuntimeEventsFile(const llvm::MemoryBuffer &Buffer,
                            Diagnostics &Diags, std::vector<RuntimeEvent> &Out);

/// The events as one canonical JSON array, and back (the IR's
/// `runtime_events=`); on failure sets Why.
std::string runtimeEventsToJSON(const std::vector<RuntimeEvent> &Events);
bool runtimeEventsFromJSON(const boost::json::value &V,
                           std::vector<RuntimeEvent> &Out, std::string &Why);

/// Field Name of E as an integer, if it is one.
llvm::Optional<int64_t> eventInteger(const RuntimeEvent &E,
                                     llvm::StringRef Name);
/// Field Name of E as text: a string's characters, any other value as
/// canonical JSON; None if E has no such field.
llvm::Optional<std::string> eventFieldText(const RuntimeEvent &E,
                                           llvm::StringRef Name);
/// `vision_inputs (DeepseekOCRModel): num_crops_total=4, num_images=1`.
std::string describeRuntimeEvent(const RuntimeEvent &E);

} // namespace dsocr

#endif // DSOCR_IR_RUNTIMEEVENTS_H
