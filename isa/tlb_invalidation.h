// A TLBI instruction, decoded once by the semantics (system.cpp) into what it
// invalidates; the MMU model only applies it (to its own TLBs, or to every PE's for the
// Inner Shareable forms).
#pragma once
#include <cstdint>

namespace mtesim::isa {

struct TlbInvalidation {
  enum class Scope : uint8_t {
    Vmalle1,     // VMALLE1: stage-1 EL1&0 entries of the VMID
    Asid,        // ASIDE1: ... with the ASID (global entries stay)
    Va,          // VAE1 / VALE1: ... for the VA, with the ASID or global
    VaAllAsids,  // VAAE1 / VAALE1: ... for the VA, any ASID
    Ipa,         // IPAS2E1 / IPAS2LE1: stage-2 entries of the VMID for the IPA
    Vmalls12e1,  // VMALLS12E1: stage-1 and stage-2 EL1&0 entries of the VMID
    Alle1,       // ALLE1: every EL1&0 entry, every VMID
    Alle2,       // ALLE2: every EL2 entry
    Vae2,        // VAE2 / VALE2: EL2 entries for the VA
  };
  Scope scope = Scope::Vmalle1;
  bool last_level = false;  // the L forms: only entries from the final level of a walk
  bool broadcast = false;   // the IS forms (or HCR_EL2.FB): every PE of the shareability domain
  uint64_t address = 0;     // VA[55:12] or IPA[47:12], as a byte address (Xt[43:0] << 12 / Xt[35:0] << 12)
  uint16_t asid = 0;        // Xt[63:48]
  uint16_t vmid = 0;        // the issuing PE's VMID (VTTBR_EL2.VMID) for the VMID-qualified scopes
};

}  // namespace mtesim::isa
