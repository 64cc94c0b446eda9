"""The hypervisor model's API in Python, with KVM's vocabulary (hypervisor.md).

`sim.vm` is the built-in VMM's guest VM; with the configuration
``{"vmm": "script"}`` there is no built-in VMM and `sim.kvm` lets a script be
the VMM: create a VM, back memslots, load an image, create vCPUs and call
``vcpu.run()`` in a loop, answering each exit (an object of the classes below).
Every KVM error is ``OSError(errno, "<IOCTL>: <strerror>")``.

Policies are objects of the user's process (subclass mtesim.Callback or not):
NoTagAccess ``on_notagaccess_fault(vcpu, fault) -> "kill" | "resume"``,
scheduling ``pick_next(runnable_ids, previous_id, slice_ended) -> id`` with
``time_slice_ns`` (read once when installed), migration transport
``tag_placement`` ("with_each_page" | "separate_pass", attribute or method).
An exception in a policy stops the VM and is raised again from the run.
"""

import dataclasses
import operator

import numpy as np

from ._rpc import Callback

# ------------------------------------------------------------ KVM constants
# Generated at build time from models/hypervisor/kvm_api.h and kvm_run.h.
from ._kvm_constants import *  # noqa: F401,F403 (KVM_CAP_*, KVM_EXIT_*, KVM_REG_*, MTE_LEVEL_*)
from ._kvm_constants import KVM_REG_ARM64, KVM_REG_ARM64_SYSREG, KVM_REG_ARM_CORE, KVM_REG_SIZE_U64

PAGE_SIZE = 4096


def core_reg(word_offset):
    """A core register id: its offset in struct kvm_regs in 32-bit words."""
    return KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | word_offset


def x(n):
    """The id of general register Xn (0..30)."""
    if not 0 <= n <= 30:
        raise ValueError(f"x{n}: general registers are x0..x30")
    return core_reg(2 * n)


def sys_reg(op0, op1, crn, crm, op2):
    """KVM_REG_ARM64_SYSREG(op0, op1, crn, crm, op2)."""
    return (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | op0 << 14 | op1 << 11
            | crn << 7 | crm << 3 | op2)


# ------------------------------------------------------------------ values
@dataclasses.dataclass(frozen=True)
class Memslot:
    slot: int
    guest_phys_addr: int
    memory_size: int
    userspace_addr: int  # the backing's host PA
    flags: int
    tag_capable: bool

    @property
    def npages(self):
        return self.memory_size // PAGE_SIZE

    @property
    def logging(self):
        return bool(self.flags & KVM_MEM_LOG_DIRTY_PAGES)


@dataclasses.dataclass
class MmioExit:
    phys_addr: int
    len: int
    is_write: bool
    data: bytes  # a write's bytes; for a load, set it (or call vcpu.complete_mmio) before the next run
    vcpu: int = 0
    reason = KVM_EXIT_MMIO


@dataclasses.dataclass
class SystemEventExit:
    type: int  # KVM_SYSTEM_EVENT_SHUTDOWN or _RESET
    vcpu: int = 0
    reason = KVM_EXIT_SYSTEM_EVENT


@dataclasses.dataclass
class MemoryFaultExit:
    gpa: int
    size: int
    flags: int
    tag_access: bool
    is_write: bool
    vcpu: int = 0
    reason = KVM_EXIT_MEMORY_FAULT


@dataclasses.dataclass
class InternalErrorExit:
    suberror: int
    error: int  # a negative errno when KVM_RUN itself failed (suberror 0)
    vcpu: int = 0
    reason = KVM_EXIT_INTERNAL_ERROR


def exit_from_dict(d):
    """The exit object of a native exit dict (None for None)."""
    if d is None:
        return None
    kind = d["reason"]
    if kind == "mmio":
        return MmioExit(d["phys_addr"], d["len"], d["is_write"], bytes(d["data"]), d["vcpu"])
    if kind == "system_event":
        return SystemEventExit(d["type"], d["vcpu"])
    if kind == "memory_fault":
        return MemoryFaultExit(d["gpa"], d["size"], d["flags"], d["tag_access"], d["is_write"], d["vcpu"])
    if kind == "internal_error":
        return InternalErrorExit(d["suberror"], d["error"], d["vcpu"])
    raise ValueError(f"unknown exit {d!r}")


def _int(value, what):
    if isinstance(value, bool):
        raise TypeError(f"{what} must be an int, not bool")
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{what} must be an int, not {type(value).__name__}") from None


# ------------------------------------------------- policies (user process)
class _NoTagAccessAdapter(Callback):
    """Runs in the user's process: gives the user's policy Vcpu and
    MemoryFaultExit objects rather than the native ones."""

    def __init__(self, policy, vm):
        self._policy, self._vm = policy, vm

    def on_notagaccess_fault(self, vcpu, fault):
        return self._policy.on_notagaccess_fault(
            Vcpu(vcpu, self._vm),
            MemoryFaultExit(fault["gpa"], fault["size"], fault["flags"], fault["tag_access"], fault["is_write"],
                            fault["vcpu"]))


def _value(obj, name):
    v = getattr(obj, name)
    return v() if callable(v) else v


class _SchedulingAdapter(Callback):
    def __init__(self, policy):
        self._policy = policy

    def pick_next(self, runnable, previous, slice_ended):
        return self._policy.pick_next(list(runnable), previous, slice_ended)

    def time_slice_ns(self):
        return _value(self._policy, "time_slice_ns")


class _TransportAdapter(Callback):
    def __init__(self, policy):
        self._policy = policy

    def tag_placement(self):
        return _value(self._policy, "tag_placement")


# --------------------------------------------------------------- objects
class Vcpu:
    """A vCPU: KVM_{GET,SET}_ONE_REG, KVM_GET_REG_LIST, KVM_SET_VCPU_EVENTS, KVM_RUN."""

    def __init__(self, remote, vm=None):
        self._r = remote
        self.vm = vm
        self._last_exit = None

    @property
    def id(self):
        return self._r._get("id")

    def get_one_reg(self, reg_id):
        return self._r._call("get_one_reg", _int(reg_id, "register id"))

    def set_one_reg(self, reg_id, value):
        return self._r._call("set_one_reg", _int(reg_id, "register id"), _int(value, "value"))

    def get_reg_list(self):
        return list(self._r._call("get_reg_list"))

    def set_vcpu_events(self, ext_dabt_pending=False):
        """KVM_SET_VCPU_EVENTS: ext_dabt_pending injects a synchronous external abort."""
        return self._r._call("set_vcpu_events", bool(ext_dabt_pending), False)

    def complete_mmio(self, data):
        """The data an MMIO load gets (len bytes, little-endian)."""
        if isinstance(data, int):
            data = data.to_bytes(self._last_exit.len if isinstance(self._last_exit, MmioExit) else 8, "little")
        self._r._call("complete_mmio", bytes(data))
        if isinstance(self._last_exit, MmioExit):
            self._last_exit.data = bytes(data)

    def run(self):
        """KVM_RUN (script VMM): answers the last exit, runs until the next one.
        Returns the exit object, or None when the machine stopped (see last_run)."""
        last = self._last_exit
        if isinstance(last, MmioExit) and not last.is_write and last.data != self._answered:
            self._r._call("complete_mmio", bytes(last.data).ljust(last.len, b"\0")[:last.len])
        out = self._r._call("run")
        self.last_run = out["run"]
        self._last_exit = exit_from_dict(out["exit"])
        self._answered = self._last_exit.data if isinstance(self._last_exit, MmioExit) else None
        return self._last_exit

    _answered = None
    last_run = None

    def __repr__(self):
        return f"<mtesim Vcpu {self.id}>"


class Vm:
    """A VM: memslots, dirty log, COPY_TAGS, swap, vCPUs, policies."""

    def __init__(self, remote):
        self._r = remote

    def memslots(self):
        return [Memslot(**d) for d in self._r._call("memslots")]

    def set_user_memory_region(self, slot, guest_phys_addr, memory_size, userspace_addr, flags=0):
        return self._r._call("set_user_memory_region", _int(slot, "slot"), _int(guest_phys_addr, "guest_phys_addr"),
                             _int(memory_size, "memory_size"), _int(userspace_addr, "userspace_addr"),
                             _int(flags, "flags"))

    def set_dirty_logging(self, slot, on=True):
        """KVM_SET_USER_MEMORY_REGION on an existing slot with KVM_MEM_LOG_DIRTY_PAGES set or cleared."""
        s = next((m for m in self.memslots() if m.slot == slot), None)
        if s is None:
            raise ValueError(f"slot {slot}: no such memslot")
        flags = s.flags | KVM_MEM_LOG_DIRTY_PAGES if on else s.flags & ~KVM_MEM_LOG_DIRTY_PAGES
        return self.set_user_memory_region(slot, s.guest_phys_addr, s.memory_size, s.userspace_addr, flags)

    def get_dirty_log(self, slot):
        """KVM_GET_DIRTY_LOG: the bitmap as uint64 words (bit i: page i of the slot)."""
        return np.asarray(self._r._call("get_dirty_log", _int(slot, "slot")), dtype=np.uint64)

    def dirty_pages(self, slot):
        """KVM_GET_DIRTY_LOG as the slot's page indexes that are dirty."""
        words = self.get_dirty_log(slot)
        bits = np.unpackbits(words.view(np.uint8), bitorder="little")
        return np.flatnonzero(bits)

    def clear_dirty_log(self, slot, first_page, num_pages, bitmap=None):
        if bitmap is not None:
            bitmap = np.asarray(bitmap, dtype=np.uint64)
        return self._r._call("clear_dirty_log", _int(slot, "slot"), _int(first_page, "first_page"),
                             _int(num_pages, "num_pages"), bitmap)

    def copy_tags(self, ipa, length, to_guest=False, tags=None):
        """KVM_ARM_MTE_COPY_TAGS: from the guest, a uint8 array (one tag per
        16 bytes); to the guest, the bytes copied."""
        if tags is not None:
            tags = np.asarray(tags, dtype=np.uint8)
        out = self._r._call("copy_tags", _int(ipa, "ipa"), _int(length, "length"), bool(to_guest), tags)
        return out if to_guest else np.asarray(out, dtype=np.uint8)

    def swap_out(self, ipa):
        return self._r._call("swap_out", _int(ipa, "ipa"))

    def swap_in(self, ipa):
        return self._r._call("swap_in", _int(ipa, "ipa"))

    def swapped_out(self, ipa):
        return self._r._call("swapped_out", _int(ipa, "ipa"))

    @property
    def resident_pages(self):
        return self._r._get("resident_pages")

    @property
    def mte_enabled(self):
        return self._r._get("mte_enabled")

    def check_extension(self, cap):
        return self._r._call("check_extension", _int(cap, "cap"))

    def enable_cap(self, cap, *args, flags=0):
        return self._r._call("enable_cap", _int(cap, "cap"), [_int(a, "args") for a in args], _int(flags, "flags"))

    def create_vcpu(self, vcpu_id):
        return Vcpu(self._r._call("create_vcpu", _int(vcpu_id, "vcpu id")), self)

    def vcpus(self):
        return [Vcpu(r, self) for r in self._r._call("vcpus")]

    def vcpu(self, vcpu_id):
        return Vcpu(self._r._call("vcpu", _int(vcpu_id, "vcpu id")), self)

    def load_image(self, path):
        """Loads an ELF into the memslots (script VMM); returns its entry."""
        import os
        return self._r._call("load_image", os.fspath(path))["entry"]

    def set_notagaccess_policy(self, policy):
        self._check_method(policy, "on_notagaccess_fault")
        self._r._call("set_notagaccess_policy", _NoTagAccessAdapter(policy, self))

    def set_scheduling_policy(self, policy):
        self._check_method(policy, "pick_next")
        self._r._call("set_scheduling_policy", _SchedulingAdapter(policy))

    def set_migration_transport(self, policy):
        if not hasattr(policy, "tag_placement"):
            raise TypeError("a migration transport needs tag_placement")
        self._r._call("set_migration_transport", _TransportAdapter(policy))

    @staticmethod
    def _check_method(policy, name):
        if not callable(getattr(policy, name, None)):
            raise TypeError(f"the policy needs a method {name}")


class Kvm:
    """/dev/kvm for a script VMM (configuration {"vmm": "script"})."""

    def __init__(self, remote):
        self._r = remote

    def check_extension(self, cap):
        return self._r._call("check_extension", _int(cap, "cap"))

    def create_vm(self, ipa_bits=0):
        """KVM_CREATE_VM with the IPA size in the machine type (0: 40 bits)."""
        return Vm(self._r._call("create_vm", _int(ipa_bits, "ipa_bits")))

    def allocate_memory(self, size, tagged=True):
        """VMM memory for a memslot: size bytes of host pages (with tag
        storage when tagged); returns its host PA (userspace_addr)."""
        return self._r._call("allocate_memory", _int(size, "size"), bool(tagged))
