// Decoding of the load/store encoding table (isa/encodings/loads_stores.def): one
// assembled example of every entry must find that entry, so an overlapping or mistyped
// pattern shows up here.
#include <gtest/gtest.h>

#include <cstring>

#include "isa/decoder.h"

namespace {

struct Example {
  uint32_t word;
  const char* name;
};

constexpr Example kExamples[] = {
    {0x18000041, "LDR_w_lit"},  // ldr w1, .+8
    {0x58FFFFC1, "LDR_x_lit"},  // ldr x1, .-8
    {0x98000081, "LDRSW_lit"},  // ldrsw x1, .+16
    {0xD8000040, "PRFM_lit"},  // prfm pldl1keep, .+8
    {0x393FFC41, "STRB_imm"},  // strb w1, [x2, #4095]
    {0x39400441, "LDRB_imm"},  // ldrb w1, [x2, #1]
    {0x39800441, "LDRSB_x_imm"},  // ldrsb x1, [x2, #1]
    {0x39C00441, "LDRSB_w_imm"},  // ldrsb w1, [x2, #1]
    {0x79000441, "STRH_imm"},  // strh w1, [x2, #2]
    {0x79400441, "LDRH_imm"},  // ldrh w1, [x2, #2]
    {0x79800441, "LDRSH_x_imm"},  // ldrsh x1, [x2, #2]
    {0x79C00441, "LDRSH_w_imm"},  // ldrsh w1, [x2, #2]
    {0xB9000441, "STR_w_imm"},  // str w1, [x2, #4]
    {0xB9400441, "LDR_w_imm"},  // ldr w1, [x2, #4]
    {0xB9800441, "LDRSW_imm"},  // ldrsw x1, [x2, #4]
    {0xF9000441, "STR_x_imm"},  // str x1, [x2, #8]
    {0xF9400441, "LDR_x_imm"},  // ldr x1, [x2, #8]
    {0xF9800440, "PRFM_imm"},  // prfm pldl1keep, [x2, #8]
    {0x381FF041, "STURB"},  // sturb w1, [x2, #-1]
    {0x385FF041, "LDURB"},  // ldurb w1, [x2, #-1]
    {0x389FF041, "LDURSB_x"},  // ldursb x1, [x2, #-1]
    {0x38DFF041, "LDURSB_w"},  // ldursb w1, [x2, #-1]
    {0x781FF041, "STURH"},  // sturh w1, [x2, #-1]
    {0x785FF041, "LDURH"},  // ldurh w1, [x2, #-1]
    {0x789FF041, "LDURSH_x"},  // ldursh x1, [x2, #-1]
    {0x78DFF041, "LDURSH_w"},  // ldursh w1, [x2, #-1]
    {0xB81FF041, "STUR_w"},  // stur w1, [x2, #-1]
    {0xB85FF041, "LDUR_w"},  // ldur w1, [x2, #-1]
    {0xB89FF041, "LDURSW"},  // ldursw x1, [x2, #-1]
    {0xF81FF041, "STUR_x"},  // stur x1, [x2, #-1]
    {0xF85FF041, "LDUR_x"},  // ldur x1, [x2, #-1]
    {0xF89FF040, "PRFUM"},  // prfum pldl1keep, [x2, #-1]
    {0x38001441, "STRB_post"},  // strb w1, [x2], #1
    {0x38401441, "LDRB_post"},  // ldrb w1, [x2], #1
    {0x38801441, "LDRSB_x_post"},  // ldrsb x1, [x2], #1
    {0x38C01441, "LDRSB_w_post"},  // ldrsb w1, [x2], #1
    {0x78001441, "STRH_post"},  // strh w1, [x2], #1
    {0x78401441, "LDRH_post"},  // ldrh w1, [x2], #1
    {0x78801441, "LDRSH_x_post"},  // ldrsh x1, [x2], #1
    {0x78C01441, "LDRSH_w_post"},  // ldrsh w1, [x2], #1
    {0xB8001441, "STR_w_post"},  // str w1, [x2], #1
    {0xB8401441, "LDR_w_post"},  // ldr w1, [x2], #1
    {0xB8801441, "LDRSW_post"},  // ldrsw x1, [x2], #1
    {0xF8001441, "STR_x_post"},  // str x1, [x2], #1
    {0xF8401441, "LDR_x_post"},  // ldr x1, [x2], #1
    {0x38001841, "STTRB"},  // sttrb w1, [x2, #1]
    {0x38401841, "LDTRB"},  // ldtrb w1, [x2, #1]
    {0x38801841, "LDTRSB_x"},  // ldtrsb x1, [x2, #1]
    {0x38C01841, "LDTRSB_w"},  // ldtrsb w1, [x2, #1]
    {0x78001841, "STTRH"},  // sttrh w1, [x2, #1]
    {0x78401841, "LDTRH"},  // ldtrh w1, [x2, #1]
    {0x78801841, "LDTRSH_x"},  // ldtrsh x1, [x2, #1]
    {0x78C01841, "LDTRSH_w"},  // ldtrsh w1, [x2, #1]
    {0xB8001841, "STTR_w"},  // sttr w1, [x2, #1]
    {0xB8401841, "LDTR_w"},  // ldtr w1, [x2, #1]
    {0xB8801841, "LDTRSW"},  // ldtrsw x1, [x2, #1]
    {0xF8001841, "STTR_x"},  // sttr x1, [x2, #1]
    {0xF8401841, "LDTR_x"},  // ldtr x1, [x2, #1]
    {0x381FFC41, "STRB_pre"},  // strb w1, [x2, #-1]!
    {0x385FFC41, "LDRB_pre"},  // ldrb w1, [x2, #-1]!
    {0x389FFC41, "LDRSB_x_pre"},  // ldrsb x1, [x2, #-1]!
    {0x38DFFC41, "LDRSB_w_pre"},  // ldrsb w1, [x2, #-1]!
    {0x781FFC41, "STRH_pre"},  // strh w1, [x2, #-1]!
    {0x785FFC41, "LDRH_pre"},  // ldrh w1, [x2, #-1]!
    {0x789FFC41, "LDRSH_x_pre"},  // ldrsh x1, [x2, #-1]!
    {0x78DFFC41, "LDRSH_w_pre"},  // ldrsh w1, [x2, #-1]!
    {0xB81FFC41, "STR_w_pre"},  // str w1, [x2, #-1]!
    {0xB85FFC41, "LDR_w_pre"},  // ldr w1, [x2, #-1]!
    {0xB89FFC41, "LDRSW_pre"},  // ldrsw x1, [x2, #-1]!
    {0xF81FFC41, "STR_x_pre"},  // str x1, [x2, #-1]!
    {0xF85FFC41, "LDR_x_pre"},  // ldr x1, [x2, #-1]!
    {0x38236841, "STRB_reg"},  // strb w1, [x2, x3]
    {0x38634841, "LDRB_reg"},  // ldrb w1, [x2, w3, uxtw]
    {0x38A3C841, "LDRSB_x_reg"},  // ldrsb x1, [x2, w3, sxtw]
    {0x38E3E841, "LDRSB_w_reg"},  // ldrsb w1, [x2, x3, sxtx]
    {0x78237841, "STRH_reg"},  // strh w1, [x2, x3, lsl #1]
    {0x78636841, "LDRH_reg"},  // ldrh w1, [x2, x3]
    {0x78A35841, "LDRSH_x_reg"},  // ldrsh x1, [x2, w3, uxtw #1]
    {0x78E36841, "LDRSH_w_reg"},  // ldrsh w1, [x2, x3]
    {0xB8237841, "STR_w_reg"},  // str w1, [x2, x3, lsl #2]
    {0xB863D841, "LDR_w_reg"},  // ldr w1, [x2, w3, sxtw #2]
    {0xB8A36841, "LDRSW_reg"},  // ldrsw x1, [x2, x3]
    {0xF8237841, "STR_x_reg"},  // str x1, [x2, x3, lsl #3]
    {0xF863F841, "LDR_x_reg"},  // ldr x1, [x2, x3, sxtx #3]
    {0xF8A36840, "PRFM_reg"},  // prfm pldl1keep, [x2, x3]
    {0x28010861, "STNP_w"},  // stnp w1, w2, [x3, #8]
    {0x28410861, "LDNP_w"},  // ldnp w1, w2, [x3, #8]
    {0xA8010861, "STNP_x"},  // stnp x1, x2, [x3, #16]
    {0xA8410861, "LDNP_x"},  // ldnp x1, x2, [x3, #16]
    {0x28810861, "STP_w_post"},  // stp w1, w2, [x3], #8
    {0x28C10861, "LDP_w_post"},  // ldp w1, w2, [x3], #8
    {0x68C10861, "LDPSW_post"},  // ldpsw x1, x2, [x3], #8
    {0xA8810861, "STP_x_post"},  // stp x1, x2, [x3], #16
    {0xA8C10861, "LDP_x_post"},  // ldp x1, x2, [x3], #16
    {0x293F0861, "STP_w"},  // stp w1, w2, [x3, #-8]
    {0x297F0861, "LDP_w"},  // ldp w1, w2, [x3, #-8]
    {0x697F0861, "LDPSW"},  // ldpsw x1, x2, [x3, #-8]
    {0xA93F0861, "STP_x"},  // stp x1, x2, [x3, #-16]
    {0xA97F0861, "LDP_x"},  // ldp x1, x2, [x3, #-16]
    {0x29810861, "STP_w_pre"},  // stp w1, w2, [x3, #8]!
    {0x29C10861, "LDP_w_pre"},  // ldp w1, w2, [x3, #8]!
    {0x69C10861, "LDPSW_pre"},  // ldpsw x1, x2, [x3, #8]!
    {0xA9810861, "STP_x_pre"},  // stp x1, x2, [x3, #16]!
    {0xA9C10861, "LDP_x_pre"},  // ldp x1, x2, [x3, #16]!
    {0x08047C41, "STXRB"},  // stxrb w4, w1, [x2]
    {0x4804FC41, "STXRH"},  // stlxrh w4, w1, [x2]
    {0x88047C41, "STXR_w"},  // stxr w4, w1, [x2]
    {0xC804FC41, "STXR_x"},  // stlxr w4, x1, [x2]
    {0x085F7C41, "LDXRB"},  // ldxrb w1, [x2]
    {0x485FFC41, "LDXRH"},  // ldaxrh w1, [x2]
    {0x885F7C41, "LDXR_w"},  // ldxr w1, [x2]
    {0xC85FFC41, "LDXR_x"},  // ldaxr x1, [x2]
    {0x88241441, "STXP_w"},  // stxp w4, w1, w5, [x2]
    {0xC8249441, "STXP_x"},  // stlxp w4, x1, x5, [x2]
    {0x887F1441, "LDXP_w"},  // ldxp w1, w5, [x2]
    {0xC87F9441, "LDXP_x"},  // ldaxp x1, x5, [x2]
    {0x0864FC46, "CASP_w"},  // caspal w4, w5, w6, w7, [x2]
    {0x48647C46, "CASP_x"},  // caspa x4, x5, x6, x7, [x2]
    {0x089FFC41, "STLRB"},  // stlrb w1, [x2]
    {0x489FFC41, "STLRH"},  // stlrh w1, [x2]
    {0x889FFC41, "STLR_w"},  // stlr w1, [x2]
    {0xC89FFC41, "STLR_x"},  // stlr x1, [x2]
    {0x08DFFC41, "LDARB"},  // ldarb w1, [x2]
    {0x48DFFC41, "LDARH"},  // ldarh w1, [x2]
    {0x88DFFC41, "LDAR_w"},  // ldar w1, [x2]
    {0xC8DFFC41, "LDAR_x"},  // ldar x1, [x2]
    {0x08A47C41, "CASB"},  // casb w4, w1, [x2]
    {0x48A4FC41, "CASH"},  // caslh w4, w1, [x2]
    {0x88E47C41, "CAS_w"},  // casa w4, w1, [x2]
    {0xC8E4FC41, "CAS_x"},  // casal x4, x1, [x2]
    {0x191FF041, "STLURB"},  // stlurb w1, [x2, #-1]
    {0x195FF041, "LDAPURB"},  // ldapurb w1, [x2, #-1]
    {0x199FF041, "LDAPURSB_x"},  // ldapursb x1, [x2, #-1]
    {0x19DFF041, "LDAPURSB_w"},  // ldapursb w1, [x2, #-1]
    {0x591FF041, "STLURH"},  // stlurh w1, [x2, #-1]
    {0x595FF041, "LDAPURH"},  // ldapurh w1, [x2, #-1]
    {0x599FF041, "LDAPURSH_x"},  // ldapursh x1, [x2, #-1]
    {0x59DFF041, "LDAPURSH_w"},  // ldapursh w1, [x2, #-1]
    {0x991FF041, "STLUR_w"},  // stlur w1, [x2, #-1]
    {0x995FF041, "LDAPUR_w"},  // ldapur w1, [x2, #-1]
    {0x999FF041, "LDAPURSW"},  // ldapursw x1, [x2, #-1]
    {0xD91FF041, "STLUR_x"},  // stlur x1, [x2, #-1]
    {0xD95FF041, "LDAPUR_x"},  // ldapur x1, [x2, #-1]
    {0x38BFC041, "LDAPRB"},  // ldaprb w1, [x2]
    {0x78BFC041, "LDAPRH"},  // ldaprh w1, [x2]
    {0xB8BFC041, "LDAPR_w"},  // ldapr w1, [x2]
    {0xF8BFC041, "LDAPR_x"},  // ldapr x1, [x2]
    {0x38230041, "LDADDB"},  // ldaddb w3, w1, [x2]
    {0x78A30041, "LDADDH"},  // ldaddah w3, w1, [x2]
    {0xB8630041, "LDADD_w"},  // ldaddl w3, w1, [x2]
    {0xF8E303E1, "LDADD_x"},  // ldaddal x3, x1, [sp]
    {0x38231041, "LDCLRB"},  // ldclrb w3, w1, [x2]
    {0x78A31041, "LDCLRH"},  // ldclrah w3, w1, [x2]
    {0xB8631041, "LDCLR_w"},  // ldclrl w3, w1, [x2]
    {0xF8E313E1, "LDCLR_x"},  // ldclral x3, x1, [sp]
    {0x38232041, "LDEORB"},  // ldeorb w3, w1, [x2]
    {0x78A32041, "LDEORH"},  // ldeorah w3, w1, [x2]
    {0xB8632041, "LDEOR_w"},  // ldeorl w3, w1, [x2]
    {0xF8E323E1, "LDEOR_x"},  // ldeoral x3, x1, [sp]
    {0x38233041, "LDSETB"},  // ldsetb w3, w1, [x2]
    {0x78A33041, "LDSETH"},  // ldsetah w3, w1, [x2]
    {0xB8633041, "LDSET_w"},  // ldsetl w3, w1, [x2]
    {0xF8E333E1, "LDSET_x"},  // ldsetal x3, x1, [sp]
    {0x38234041, "LDSMAXB"},  // ldsmaxb w3, w1, [x2]
    {0x78A34041, "LDSMAXH"},  // ldsmaxah w3, w1, [x2]
    {0xB8634041, "LDSMAX_w"},  // ldsmaxl w3, w1, [x2]
    {0xF8E343E1, "LDSMAX_x"},  // ldsmaxal x3, x1, [sp]
    {0x38235041, "LDSMINB"},  // ldsminb w3, w1, [x2]
    {0x78A35041, "LDSMINH"},  // ldsminah w3, w1, [x2]
    {0xB8635041, "LDSMIN_w"},  // ldsminl w3, w1, [x2]
    {0xF8E353E1, "LDSMIN_x"},  // ldsminal x3, x1, [sp]
    {0x38236041, "LDUMAXB"},  // ldumaxb w3, w1, [x2]
    {0x78A36041, "LDUMAXH"},  // ldumaxah w3, w1, [x2]
    {0xB8636041, "LDUMAX_w"},  // ldumaxl w3, w1, [x2]
    {0xF8E363E1, "LDUMAX_x"},  // ldumaxal x3, x1, [sp]
    {0x38237041, "LDUMINB"},  // lduminb w3, w1, [x2]
    {0x78A37041, "LDUMINH"},  // lduminah w3, w1, [x2]
    {0xB8637041, "LDUMIN_w"},  // lduminl w3, w1, [x2]
    {0xF8E373E1, "LDUMIN_x"},  // lduminal x3, x1, [sp]
    {0x38238041, "SWPB"},  // swpb w3, w1, [x2]
    {0x78A38041, "SWPH"},  // swpah w3, w1, [x2]
    {0xB8638041, "SWP_w"},  // swpl w3, w1, [x2]
    {0xF8E383E1, "SWP_x"},  // swpal x3, x1, [sp]
};

TEST(LoadStoreDecode, EveryEntryDecodesToItself) {
  const auto& decoder = mtesim::isa::Decoder::Instance();
  for (const Example& e : kExamples) {
    const mtesim::isa::Encoding* found = decoder.Find(e.word);
    ASSERT_NE(found, nullptr) << e.name;
    EXPECT_STREQ(found->name, e.name) << std::hex << e.word;
  }
}

}  // namespace
