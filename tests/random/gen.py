#!/usr/bin/python3
"""Random A64 sequence generator for differential testing (mtesim against QEMU).

A sequence is a function of (seed, index) alone: its initial state (every GPR, NZCV, SP,
the sandbox's data and tag seeds, GCR_EL1/RGSR_EL1, the TCF/TCF0 modes, EL0 or EL1) and
a list of *groups*. A group is one random instruction together with whatever must
precede it to keep it inside the sandbox (bounding a base or index register, aligning
it); the minimiser drops whole groups so every subset it tries still stays in bounds.

Images are assembly files (emit_image) linked with harness.c and seq_support.S; see
harness.c for what is printed and README.md ("Random differential testing").

Register conventions inside a sequence:
  x28  never written by a random instruction: the prologue sets it to the sandbox
       window's address >> 10, and bound() inserts it into a base register (bits [55:10])
  SP   SP_EL0 at EL0 and EL1 (EL1t), pointing into the sandbox and always 16-byte
       aligned (a misaligned SP base is an SP alignment fault, which QEMU 10 does not
       implement: qemu_deviations.md Q4); changed only by writeback of multiples of 16
       within a budget (sp_writeback)

Excluded on purpose (UNPREDICTABLE, CONSTRAINED UNPREDICTABLE or IMPLEMENTATION DEFINED
results, or host-dependent values):
  - loads/stores with writeback whose base is also a transfer register, LDP/LDXP with
    Rt == Rt2, STXR whose status register is the data or base register;
  - an STXR without the matching LDXR just before it (same address, same size): whether
    it succeeds otherwise is IMPLEMENTATION DEFINED;
  - counters, timers and ID registers (MRS): host- or implementation-dependent;
  - GCR_EL1.RRND = 1 (IRG's tag IMPLEMENTATION DEFINED), HVC/SMC (the hypervisor/firmware
    model), branches (sequences are straight-line code), FP/SIMD;
  - bits [63:60] of a tag check fault's FAR (UNKNOWN; the harness clears them).
Avoided because QEMU 10 deviates from the Arm ARM (qemu_deviations.md): DC ZVA and
CAS/CASP only when tag checks are off for the sequence's EL (Q1, Q2), LDAPUR/STLUR only
with an SP base or checks off (Q3).
"""
import random
import sys

NSEQ_DEFAULT_K = (8, 32)
DREGS = [r for r in range(31) if r != 28]      # registers a random instruction may write
CONDS = ["eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al"]
TCF_NONE, TCF_SYNC, TCF_ASYNC, TCF_ASYMM = 0, 1, 2, 3

# Sandbox layout (harness.c): 4 KiB, 4 KiB aligned; bounded bases lie in the window
# [1024, 2048); immediates stay within +-1024 bytes, so every access is inside.
WINDOW = 1024
MAX_OFF = 1008


def bitmask_imm(rnd, width):
    """A random valid logical immediate (element size e, a run of ones, rotated, replicated)."""
    e = rnd.choice([s for s in (2, 4, 8, 16, 32, 64) if s <= width])
    ones = rnd.randrange(1, e)
    rot = rnd.randrange(e)
    elem = (1 << ones) - 1
    elem = ((elem >> rot) | (elem << (e - rot))) & ((1 << e) - 1)
    v = 0
    for i in range(0, width, e):
        v |= elem << i
    return v


def interesting(rnd):
    k = rnd.randrange(10)
    if k == 0:
        return rnd.choice([0, 1, 2, 0xffffffffffffffff, 0x7fffffffffffffff, 0x8000000000000000,
                           0xffffffff, 0x80000000, 0x7fffffff, 0x100000000])
    if k == 1:
        return rnd.randrange(256)
    if k == 2:
        return (-rnd.randrange(1, 256)) & (2**64 - 1)
    if k == 3:
        return rnd.getrandbits(32)
    if k == 4:   # a tagged-pointer-looking value
        return (rnd.randrange(16) << 56) | rnd.getrandbits(48)
    return rnd.getrandbits(64)


class Seq:
    def __init__(self, seed, index, kmin, kmax):
        rnd = random.Random(f"mtesim-random:{seed}:{index}")
        self.seed, self.index = seed, index
        self.el = 0 if rnd.random() < 0.3 else 1
        self.tcf = rnd.randrange(4)
        self.tcf0 = rnd.randrange(4)
        # TCR_EL1.TCMA0: logical tag 0 (bit 55 is 0 for all sandbox pointers) then
        # matches any allocation tag.
        self.tcma = int(rnd.random() < 0.2)
        # TCR_EL1.TBI0 = 0 now and then: tagged pointers are then outside the TTBR0
        # range (Translation faults) and no access is Tag Checked.
        self.tbi0 = int(rnd.random() >= 0.15)
        self.data_seed = rnd.getrandbits(64)
        self.tag_seed = rnd.getrandbits(64)
        # Exclude a few tags now and then (never all: then IRG/ADDG give 0, which is a
        # legitimate case too, but rare).
        self.gcr = rnd.choice([0, 0, rnd.getrandbits(16), 0xffff, 1 << rnd.randrange(16)])
        self.rgsr = (rnd.getrandbits(16) << 8) | rnd.randrange(16)
        self.nzcv = rnd.randrange(16) << 28
        self.sp_off = rnd.randrange(WINDOW // 16, 2 * WINDOW // 16) * 16 | (rnd.randrange(16) << 56)
        self.ptr = set(rnd.sample(DREGS, 4))
        self.init = []
        for r in range(31):
            if r in self.ptr:
                off = rnd.randrange(WINDOW, 2 * WINDOW)
                if rnd.random() < 0.6:
                    off &= ~15
                self.init.append((rnd.randrange(16) << 56) | off)
            else:
                self.init.append(interesting(rnd))
        self.rnd = rnd
        self.sp_budget = 512
        k = rnd.randrange(kmin, kmax + 1)
        self.groups = [self.group() for _ in range(k)]
        del self.rnd

    # ---- helpers ----
    def checks_on(self):
        """Tag checks possible for ordinary accesses at the sequence's EL."""
        return (self.tcf0 if self.el == 0 else self.tcf) != TCF_NONE

    def r(self, exclude=()):
        return self.rnd.choice([x for x in DREGS if x not in exclude])

    def src(self, w, exclude=()):
        """A source register name, XZR now and then."""
        if self.rnd.random() < 0.05:
            return "wzr" if w else "xzr"
        return ("w%d" if w else "x%d") % self.r(exclude)

    @staticmethod
    def n(r, w=False):
        return ("w%d" if w else "x%d") % r

    def base(self, exclude=()):
        return self.rnd.choice([x for x in DREGS if x not in exclude])

    def sp_writeback(self):
        """An SP writeback amount (a nonzero multiple of 16) within the sequence's budget:
        the absolute amounts of all SP writebacks add up to at most 512, so whichever of
        them take effect (faults suppress writeback; the minimiser drops groups) SP stays
        within 512 bytes of its start, and SP-based accesses inside the sandbox. 0 when
        the budget is spent."""
        amount = 16 * self.rnd.randrange(1, 5)
        if amount > self.sp_budget:
            return 0
        self.sp_budget -= amount
        return amount if self.rnd.random() < 0.5 else -amount

    def bound(self, b, align=1):
        """Makes xb a pointer into the sandbox window, keeping its tag [59:56] and its
        low 10 bits; clears [63:60]; aligns it down to align bytes."""
        mask = 0x0fffffffffffffff & ~(align - 1)
        out = [f"bfi x{b}, x28, #10, #46", f"and x{b}, x{b}, #{mask:#x}"]
        if self.rnd.random() < 0.4:
            # Random tags mismatch 15 times in 16: often take the granule's own tag, so
            # Tag Checked accesses also succeed (or fail only across granules).
            out.append(f"ldg x{b}, [x{b}]")
        return out

    def bound_index(self, i, signed):
        """Bounds an index register to -128..127 (signed) or 0..255."""
        return [f"sbfx x{i}, x{i}, #0, #8"] if signed else [f"and x{i}, x{i}, #0xff"]

    # ---- groups ----
    def group(self):
        rnd = self.rnd
        kinds = [(self.g_dp, 30), (self.g_ldst, 22), (self.g_pair, 8), (self.g_literal, 3),
                 (self.g_unpriv, 4), (self.g_acqrel, 4), (self.g_atomic, 7), (self.g_excl, 4),
                 (self.g_mte_dp, 8), (self.g_tagstore, 8), (self.g_ldg, 4), (self.g_tagblock, 4),
                 (self.g_misc, 3), (self.g_exc, 2)]
        total = sum(w for _, w in kinds)
        x = rnd.randrange(total)
        for f, w in kinds:
            if x < w:
                return f()
            x -= w
        raise AssertionError

    def g_dp(self):
        rnd = self.rnd
        w = rnd.random() < 0.35
        bits = 32 if w else 64
        d = self.n(self.r(), w)
        a, b = self.src(w), self.src(w)
        k = rnd.randrange(17)
        if k == 0:
            op = rnd.choice(["add", "adds", "sub", "subs"])
            srcn = self.n(self.r(), w) if rnd.random() < 0.9 else ("wsp" if w else "sp")
            if op in ("add", "sub") and rnd.random() < 0.05:
                srcn = "wsp" if w else "sp"
            sh = ", lsl #12" if rnd.random() < 0.2 else ""
            return [f"{op} {d}, {srcn}, #{rnd.randrange(4096)}{sh}"]
        if k == 1:
            op = rnd.choice(["add", "adds", "sub", "subs"])
            return [f"{op} {d}, {a}, {b}, {rnd.choice(['lsl', 'lsr', 'asr'])} #{rnd.randrange(bits)}"]
        if k == 2:
            op = rnd.choice(["add", "adds", "sub", "subs"])
            if w:
                ext = rnd.choice(["uxtb", "uxth", "uxtw", "sxtb", "sxth", "sxtw"])
                m = self.src(True)
            else:
                ext = rnd.choice(["uxtb", "uxth", "uxtw", "sxtb", "sxth", "sxtw", "uxtx", "sxtx"])
                m = self.src(ext not in ("uxtx", "sxtx"))
            return [f"{op} {d}, {self.n(self.r(), w)}, {m}, {ext} #{rnd.randrange(5)}"]
        if k == 3:
            op = rnd.choice(["adc", "adcs", "sbc", "sbcs", "ngc", "ngcs"])
            if op.startswith("ngc"):
                return [f"{op} {d}, {a}"]
            return [f"{op} {d}, {a}, {b}"]
        if k == 4:
            op = rnd.choice(["and", "orr", "eor", "ands"])
            return [f"{op} {d}, {a}, #{bitmask_imm(rnd, bits):#x}"]
        if k == 5:
            op = rnd.choice(["and", "bic", "orr", "orn", "eor", "eon", "ands", "bics"])
            return [f"{op} {d}, {a}, {b}, {rnd.choice(['lsl', 'lsr', 'asr', 'ror'])} #{rnd.randrange(bits)}"]
        if k == 6:
            op = rnd.choice(["movz", "movn", "movk"])
            return [f"{op} {d}, #{rnd.randrange(65536)}, lsl #{16 * rnd.randrange(bits // 16)}"]
        if k == 7:
            op = rnd.choice(["sbfm", "ubfm", "bfm"])
            return [f"{op} {d}, {a}, #{rnd.randrange(bits)}, #{rnd.randrange(bits)}"]
        if k == 8:
            return [f"extr {d}, {a}, {b}, #{rnd.randrange(bits)}"]
        if k == 9:
            op = rnd.choice(["csel", "csinc", "csinv", "csneg"])
            return [f"{op} {d}, {a}, {b}, {rnd.choice(CONDS)}"]
        if k == 10:
            op = rnd.choice(["ccmp", "ccmn"])
            y = f"#{rnd.randrange(32)}" if rnd.random() < 0.5 else b
            return [f"{op} {a}, {y}, #{rnd.randrange(16)}, {rnd.choice(CONDS)}"]
        if k == 11:
            op = rnd.choice(["madd", "msub"])
            return [f"{op} {d}, {a}, {b}, {self.src(w)}"]
        if k == 12:
            if w:
                return [f"mul {d}, {a}, {b}"]
            op = rnd.choice(["smaddl", "umaddl", "smsubl", "umsubl", "smulh", "umulh"])
            if op in ("smulh", "umulh"):
                return [f"{op} {d}, {a}, {b}"]
            return [f"{op} {d}, {self.src(True)}, {self.src(True)}, {self.src(False)}"]
        if k == 13:
            return [f"{rnd.choice(['udiv', 'sdiv'])} {d}, {a}, {b}"]
        if k == 14:
            return [f"{rnd.choice(['lslv', 'lsrv', 'asrv', 'rorv'])} {d}, {a}, {b}"]
        if k == 15:
            ops = ["clz", "cls", "rbit", "rev", "rev16"] + ([] if w else ["rev32"])
            return [f"{rnd.choice(ops)} {d}, {a}"]
        return [f"adr {self.n(self.r())}, rs{self.index}_lit+{8 * rnd.randrange(34)}"]

    LOADS = [("ldrb", 1, True), ("ldrh", 2, True), ("ldr", 4, True), ("ldr", 8, False),
             ("ldrsb", 1, True), ("ldrsb", 1, False), ("ldrsh", 2, True), ("ldrsh", 2, False),
             ("ldrsw", 4, False)]
    STORES = [("strb", 1, True), ("strh", 2, True), ("str", 4, True), ("str", 8, False)]

    def g_ldst(self):
        rnd = self.rnd
        load = rnd.random() < 0.55
        op, size, w = rnd.choice(self.LOADS if load else self.STORES)
        t = self.r()
        tn = self.n(t, w) if (load or rnd.random() < 0.95) else ("wzr" if w else "xzr")
        form = rnd.randrange(6)
        use_sp = form in (0, 1) and rnd.random() < 0.15
        sp_wb = form in (2, 3) and rnd.random() < 0.15 and self.sp_writeback()
        if sp_wb:
            # Tag Checked (writeback), and SP stays 16-byte aligned.
            return [f"{op} {tn}, [sp, #{sp_wb}]!" if form == 2 else f"{op} {tn}, [sp], #{sp_wb}"]
        b = None if use_sp else self.base(exclude=(t,) if form in (2, 3) else ())
        pre = [] if use_sp else self.bound(b, size if rnd.random() < 0.5 else 1)
        bn = "sp" if use_sp else f"x{b}"
        lg = size.bit_length() - 1
        if form == 0:
            return pre + [f"{op} {tn}, [{bn}, #{size * rnd.randrange(MAX_OFF // size + 1)}]"]
        if form == 1:
            return pre + [f"{op.replace('ldr', 'ldur').replace('str', 'stur')} {tn}, [{bn}, #{rnd.randrange(-256, 256)}]"]
        if form == 2:
            return pre + [f"{op} {tn}, [{bn}, #{rnd.randrange(-256, 256)}]!"]
        if form == 3:
            return pre + [f"{op} {tn}, [{bn}], #{rnd.randrange(-256, 256)}"]
        i = self.r(exclude=(b,))
        if form == 4:
            s = rnd.choice(["", f", lsl #{lg}"]) if lg else rnd.choice(["", ", lsl #0"])
            return pre + self.bound_index(i, True) + [f"{op} {tn}, [{bn}, x{i}{s}]"]
        ext = rnd.choice(["uxtw", "sxtw", "sxtx"])
        s = rnd.choice(["", f" #{lg}"])
        iname = f"x{i}" if ext == "sxtx" else f"w{i}"
        return pre + self.bound_index(i, ext != "uxtw") + [f"{op} {tn}, [{bn}, {iname}, {ext}{s}]"]

    def g_pair(self):
        rnd = self.rnd
        op, size, w = rnd.choice([("ldp", 4, True), ("ldp", 8, False), ("ldpsw", 4, False),
                                  ("stp", 4, True), ("stp", 8, False), ("ldnp", 8, False),
                                  ("stnp", 8, False), ("ldnp", 4, True), ("stnp", 4, True)])
        t1 = self.r()
        t2 = self.r(exclude=(t1,)) if op.startswith("ld") else self.r()
        form = rnd.randrange(3) if "n" not in op else 0
        use_sp = form == 0 and rnd.random() < 0.15
        sp_wb = form and rnd.random() < 0.15 and self.sp_writeback()
        if sp_wb:
            regs = f"{self.n(t1, w)}, {self.n(t2, w)}"
            return [f"{op} {regs}, [sp, #{sp_wb}]!" if form == 1 else f"{op} {regs}, [sp], #{sp_wb}"]
        b = None if use_sp else self.base(exclude=(t1, t2) if form else ())
        pre = [] if use_sp else self.bound(b, size if rnd.random() < 0.5 else 1)
        bn = "sp" if use_sp else f"x{b}"
        imm = size * rnd.randrange(-64, 64)
        regs = f"{self.n(t1, w)}, {self.n(t2, w)}"
        if form == 0:
            return pre + [f"{op} {regs}, [{bn}, #{imm}]"]
        if form == 1:
            return pre + [f"{op} {regs}, [{bn}, #{imm}]!"]
        return pre + [f"{op} {regs}, [{bn}], #{imm}"]

    def g_literal(self):
        rnd = self.rnd
        k = 8 * rnd.randrange(33)
        t = self.r()
        return [rnd.choice([f"ldr x{t}, rs{self.index}_lit+{k}", f"ldr w{t}, rs{self.index}_lit+{k}",
                            f"ldrsw x{t}, rs{self.index}_lit+{k}"])]

    def g_unpriv(self):
        rnd = self.rnd
        op, size, w = rnd.choice([("ldtrb", 1, True), ("ldtrh", 2, True), ("ldtr", 4, True),
                                  ("ldtr", 8, False), ("ldtrsb", 1, False), ("ldtrsh", 2, True),
                                  ("ldtrsw", 4, False), ("sttrb", 1, True), ("sttrh", 2, True),
                                  ("sttr", 4, True), ("sttr", 8, False)])
        t = self.r()
        b = self.base()
        return self.bound(b) + [f"{op} {self.n(t, w)}, [x{b}, #{rnd.randrange(-256, 256)}]"]

    def g_acqrel(self):
        rnd = self.rnd
        op, size, w = rnd.choice([("ldarb", 1, True), ("ldarh", 2, True), ("ldar", 4, True),
                                  ("ldar", 8, False), ("stlrb", 1, True), ("stlrh", 2, True),
                                  ("stlr", 4, True), ("stlr", 8, False), ("ldaprb", 1, True),
                                  ("ldaprh", 2, True), ("ldapr", 4, True), ("ldapr", 8, False)])
        t = self.r()
        if rnd.random() < 0.25:
            # LDAPUR/STLUR (FEAT_LRCPC2): QEMU 10 does not tag check them (Q3), so only
            # with an SP base (Tag Unchecked) or with checks off at this EL.
            opu = rnd.choice([("ldapur", 8, False), ("ldapur", 4, True), ("stlur", 8, False),
                              ("stlur", 4, True), ("ldapurb", 1, True), ("stlurh", 2, True)])
            if self.checks_on():
                return [f"{opu[0]} {self.n(t, opu[2])}, [sp, #{rnd.randrange(-256, 256)}]"]
            b = self.base()
            return self.bound(b) + [f"{opu[0]} {self.n(t, opu[2])}, [x{b}, #{rnd.randrange(-256, 256)}]"]
        b = self.base()
        align = size if rnd.random() < 0.8 else 1
        return self.bound(b, align) + [f"{op} {self.n(t, w)}, [x{b}]"]

    def g_atomic(self):
        rnd = self.rnd
        size, suf, w = rnd.choice([(1, "b", True), (2, "h", True), (4, "", True), (8, "", False)])
        order = rnd.choice(["", "a", "l", "al"])
        b = self.base()
        pre = self.bound(b, size)
        if rnd.random() < 0.2 and size > 1:
            # Unaligned but inside one 16-byte quantity: no fault with FEAT_LSE2. One
            # that crosses 16 bytes is an Alignment fault, which QEMU 10 reports with
            # WnR = 1 (Q5), so it is not generated.
            pre = self.bound(b, 16) + [f"add x{b}, x{b}, #{rnd.randrange(1, 17 - size)}"]
        s, t = self.src(w), self.n(self.r(), w) if rnd.random() < 0.9 else ("wzr" if w else "xzr")
        if rnd.random() < 0.15:
            if self.checks_on():
                # QEMU 10 checks CAS as a pure store (Q2): only with checks off.
                return self.g_atomic_swp(pre, b, size, suf, w, order)
            if rnd.random() < 0.3 and size >= 4:
                ev = [x for x in range(0, 27, 2) if x != b and x + 1 != b]
                rs, rt = rnd.choice(ev), rnd.choice(ev)
                pre = self.bound(b, 2 * size)   # unaligned: Q5
                return pre + [f"casp{order} {self.n(rs, w)}, {self.n(rs + 1, w)}, {self.n(rt, w)}, {self.n(rt + 1, w)}, [x{b}]"]
            return pre + [f"cas{order}{suf} {s}, {self.n(self.r(), w)}, [x{b}]"]
        if rnd.random() < 0.2:
            return self.g_atomic_swp(pre, b, size, suf, w, order)
        op = rnd.choice(["add", "clr", "eor", "set", "smax", "smin", "umax", "umin"])
        return pre + [f"ld{op}{order}{suf} {s}, {t}, [x{b}]"]

    def g_atomic_swp(self, pre, b, size, suf, w, order):
        return pre + [f"swp{order}{suf} {self.src(w)}, {self.n(self.r(), w)}, [x{b}]"]

    def g_excl(self):
        rnd = self.rnd
        size, suf, w = rnd.choice([(1, "b", True), (2, "h", True), (4, "", True), (8, "", False)])
        b = self.base()
        t = self.r(exclude=(b,))
        t2 = self.r()
        s = self.r(exclude=(b, t2))
        # With FEAT_LSE2 an unaligned exclusive inside one 16-byte quantity does not
        # fault; one that crosses 16 bytes is an Alignment fault, which QEMU 10 reports
        # with WnR = 1 for LDXR/LDAXR (Q6) and skips for an STXR whose monitor is open
        # (Q7), so only the first kind is generated.
        pre = self.bound(b, size)
        if rnd.random() < 0.2 and size > 1:
            pre = self.bound(b, 16) + [f"add x{b}, x{b}, #{rnd.randrange(1, 17 - size)}"]
        ld = rnd.choice(["ldxr", "ldaxr"])
        st = rnd.choice(["stxr", "stlxr"])
        if rnd.random() < 0.25 and size >= 4:
            # Pairs: LDXP needs Rt != Rt2; STXP's status differs from both and the base.
            t1 = self.r(exclude=(b, t))
            u1, u2 = self.r(), self.r()
            s = self.r(exclude=(b, u1, u2))
            ld, st = ld[:-1] + "p", st[:-1] + "p"
            pre = self.bound(b, 2 * size)
            if rnd.random() < 0.2 and size == 4:
                pre = self.bound(b, 16) + [f"add x{b}, x{b}, #{rnd.randrange(1, 9)}"]
            return pre + [
                f"{ld} {self.n(t, w)}, {self.n(t1, w)}, [x{b}]",
                f"{st} w{s}, {self.n(u1, w)}, {self.n(u2, w)}, [x{b}]"]
        return pre + [f"{ld}{suf} {self.n(t, w)}, [x{b}]",
                                       f"{st}{suf} w{s}, {self.n(t2, w)}, [x{b}]"]

    def g_mte_dp(self):
        rnd = self.rnd
        d = self.r()
        nsp = "sp" if rnd.random() < 0.1 else f"x{self.r()}"
        k = rnd.randrange(6)
        if k == 0:
            m = f", x{self.r()}" if rnd.random() < 0.7 else ""
            return [f"irg x{d}, {nsp}{m}"]
        if k == 1:
            return [f"gmi x{d}, {nsp}, x{self.r()}"]
        if k == 2:
            return [f"{rnd.choice(['addg', 'subg'])} x{d}, {nsp}, #{16 * rnd.randrange(64)}, #{rnd.randrange(16)}"]
        if k == 3:
            msp = "sp" if rnd.random() < 0.1 else f"x{self.r()}"
            return [f"{rnd.choice(['subp', 'subps'])} x{d}, {nsp}, {msp}"]
        if k == 4:
            return [f"cmpp {nsp}, x{self.r()}"]
        return [f"msr tco, #{rnd.randrange(2)}"]

    def g_tagstore(self):
        rnd = self.rnd
        if rnd.random() < 0.25:
            t1, t2 = self.r(), self.r()
            form = rnd.randrange(3)
            b = self.base(exclude=(t1, t2) if form else ())
            pre = self.bound(b, 16 if rnd.random() < 0.9 else 1)
            imm = 16 * rnd.randrange(-64, 64)
            tail = [f"[x{b}, #{imm}]", f"[x{b}, #{imm}]!", f"[x{b}], #{imm}"][form]
            return pre + [f"stgp x{t1}, x{t2}, {tail}"]
        op = rnd.choice(["stg", "stzg", "st2g", "stz2g"])
        t = self.r()
        form = rnd.randrange(3)
        b = self.base(exclude=(t,) if form else ())
        pre = self.bound(b, 16 if rnd.random() < 0.9 else 1)
        imm = 16 * rnd.randrange(-64, 64)
        tail = [f"[x{b}, #{imm}]", f"[x{b}, #{imm}]!", f"[x{b}], #{imm}"][form]
        return pre + [f"{op} x{t}, {tail}"]

    def g_ldg(self):
        rnd = self.rnd
        t = self.r()
        if rnd.random() < 0.15:
            return [f"ldg x{t}, [sp, #{16 * rnd.randrange(-64, 64)}]"]
        b = self.base()
        return self.bound(b) + [f"ldg x{t}, [x{b}, #{16 * rnd.randrange(-64, 64)}]"]

    def g_tagblock(self):
        """LDGM/STGM/STZGM (EL1 only: UNDEFINED at EL0, which is tested now and then) and
        DC GVA/GZVA/ZVA."""
        rnd = self.rnd
        b = self.base()
        if self.el == 1 or rnd.random() < 0.15:
            if rnd.random() < 0.6:
                op = rnd.choice(["ldgm", "stgm", "stzgm"])
                return self.bound(b) + [f"{op} x{self.r()}, [x{b}]"]
        ops = ["gva", "gzva"]
        if not self.checks_on():
            ops.append("zva")   # Q1: QEMU 10 checks DC ZVA as a read
        return self.bound(b) + [f"dc {rnd.choice(ops)}, x{b}"]

    def g_misc(self):
        rnd = self.rnd
        k = rnd.randrange(4)
        if k == 0:
            return [f"mrs x{self.r()}, nzcv"]
        if k == 1:
            return [f"msr nzcv, x{self.r()}"]
        if k == 2:
            # Prefetches are hints: never checked, never fault.
            b = self.base()
            op = rnd.choice(["pldl1keep", "pstl2strm", "pldl3keep"])
            return self.bound(b) + [f"prfm {op}, [x{b}, #{8 * rnd.randrange(MAX_OFF // 8)}]"]
        if rnd.random() < 0.3 and (self.el == 1 or rnd.random() < 0.15):
            # PSTATE.PAN (UNDEFINED at EL0): EL1 accesses to the sandbox, which EL0 may
            # access, then take Permission faults; LDTR/STTR do not. The EL1 epilogue
            # clears PAN again.
            return [f"msr pan, #{rnd.randrange(2)}"]
        return [rnd.choice(["clrex", "nop", "dmb ish", "dsb sy", "isb"])]

    def g_exc(self):
        rnd = self.rnd
        k = rnd.randrange(3)
        if k == 0:
            return [f"svc #{rnd.randrange(256)}"]
        if k == 1:
            return [f"brk #{rnd.randrange(65536)}"]
        return [f"udf #{rnd.randrange(65536)}"]

    # ---- emission ----
    def asm(self, keep=None):
        n = self.index
        out = [f"\t.balign 4", f"rs{n}:", "\tadrp x28, rnd_sandbox",
               f"\tldr x0, rs{n}_lit+{8 * 31}", "\tadd x0, x0, x28", "\tmov sp, x0",
               f"\tldr x0, rs{n}_lit+{8 * 32}", "\tmsr nzcv, x0"]
        for r in range(31):
            if r == 28:
                continue
            out.append(f"\tldr x{r}, rs{n}_lit+{8 * r}")
            if r in self.ptr:
                out.append(f"\tadd x{r}, x{r}, x28")
        out += ["\tlsr x28, x28, #10", "\tadd x28, x28, #1", f"rs{n}_body:"]
        for gi, g in enumerate(self.groups):
            if keep is not None and gi not in keep:
                continue
            out += ["\t" + line for line in g]
        out += [f"rs{n}_end:"] + (["\tmsr pan, #0"] if self.el == 1 else []) + ["\tmsr tpidr_el0, x0", "\tadrp x0, rnd_out", "\tadd x0, x0, :lo12:rnd_out"]
        for r in range(1, 31, 2):
            out.append(f"\tstp x{r}, x{r + 1}, [x0, #{8 * r}]" if r + 1 < 31 else f"\tstr x{r}, [x0, #{8 * r}]")
        out += ["\tmrs x1, tpidr_el0", "\tstr x1, [x0]", "\tmov x1, sp", "\tstr x1, [x0, #248]",
                "\tmrs x1, nzcv", "\tstr x1, [x0, #256]"]
        out.append("\tsvc #0xff00" if self.el == 0 else "\tb rnd_return_el1")
        out += ["\t.balign 8", f"rs{n}_lit:"]
        vals = [v if r != 28 else 0 for r, v in enumerate(self.init)] + [self.sp_off, self.nzcv]
        out += [f"\t.quad {v:#x}" for v in vals]
        return out


def emit_image(seqs, keep=None, verbose=False):
    """Assembly for one image holding seqs; keep maps a sequence index to the set of its
    group indices to include (minimiser); verbose images print every register, compact
    ones a digest per sequence."""
    lines = ["/* Generated by tests/random/gen.py; do not edit. */",
             "\t.arch armv8.5-a+memtag+lse+rcpc", "\t.section .user_text, \"ax\""]
    for s in seqs:
        lines += s.asm(None if keep is None else keep.get(s.index))
    lines += ["\t.section .rodata", "\t.balign 8", "\t.global rnd_seqs", "rnd_seqs:"]
    for s in seqs:
        lines.append(f"\t.quad rs{s.index}, {s.index}, {s.el}, {s.tcf}, {s.tcf0}, "
                     f"{s.data_seed:#x}, {s.tag_seed:#x}, {s.gcr:#x}, {s.rgsr:#x}, {s.tcma}, {s.tbi0}")
    lines += ["\t.global rnd_nseqs", "rnd_nseqs:", f"\t.quad {len(seqs)}"]
    lines += ["\t.global rnd_verbose", "rnd_verbose:", f"\t.quad {int(verbose)}", ""]
    return "\n".join(lines)


def make(seed, first, count, kmin=NSEQ_DEFAULT_K[0], kmax=NSEQ_DEFAULT_K[1]):
    return [Seq(seed, i, kmin, kmax) for i in range(first, first + count)]


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit("usage: gen.py SEED FIRST COUNT > image.S")
    sys.stdout.write(emit_image(make(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))))
