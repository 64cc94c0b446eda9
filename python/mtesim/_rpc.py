"""Wire protocol between a Simulation (parent) and its worker process.

Transport: a socketpair; each end is wrapped in
multiprocessing.connection.Connection, which frames pickled messages.
Every message is a tuple whose first item is its kind.

Parent -> worker requests (each answered by exactly one RESULT, possibly
preceded by any number of OUTPUT and CALLBACK messages):
    ("create", module_name, class_name, args, kwargs)   first message only;
        the result is Ref(0, type_name) for the root object
    ("call", obj_id, method_name, args, kwargs)
        getattr(obj, method)(*args, **kwargs); a non-callable attribute's
        value is returned as is
    ("getattr", obj_id, name)
    ("setattr", obj_id, name, value)
    ("release", [obj_id, ...])     drop one reference per id (ids may repeat)
    ("close",)                     the worker answers and exits
Parent -> worker, only while the worker waits in a callback:
    ("callback_result", ok, value_or_exception_info)

Worker -> parent:
    ("result", ok, value_or_exception_info)
    ("output", stream_name, data_bytes)           unsolicited, any time
    ("callback", callback_id, method_name, args, kwargs)

Objects that cannot travel by pickle (and every object of the native
module) stay in the worker's object table and travel as Ref(id, type_name);
Callback instances stay in the parent's callback table and travel as
CallbackRef(id).  Exceptions travel as the tuple made by
exception_info() and become exceptions again through rebuild_exception().
"""

import builtins
import traceback

CREATE = "create"
CALL = "call"
GETATTR = "getattr"
SETATTR = "setattr"
RELEASE = "release"
CLOSE = "close"
CALLBACK_RESULT = "callback_result"
RESULT = "result"
OUTPUT = "output"
CALLBACK = "callback"


class Callback:
    """Marker base class: an argument that is an instance of Callback is not
    copied into the worker; the worker gets a stub whose method calls (and
    calls of the stub itself, if the class defines __call__) run the
    original object's methods in the user's process."""


class Ref:
    """A reference to an object held in the worker's object table."""

    __slots__ = ("id", "type_name")

    def __init__(self, id, type_name):
        self.id = id
        self.type_name = type_name

    def __reduce__(self):
        return (Ref, (self.id, self.type_name))

    def __repr__(self):
        return f"Ref({self.id}, {self.type_name!r})"

    def __eq__(self, other):
        return isinstance(other, Ref) and other.id == self.id

    def __hash__(self):
        return hash(("Ref", self.id))


class CallbackRef:
    """A reference to a Callback object living in the parent process."""

    __slots__ = ("id",)

    def __init__(self, id):
        self.id = id

    def __reduce__(self):
        return (CallbackRef, (self.id,))

    def __repr__(self):
        return f"CallbackRef({self.id})"


# Plain values that need no inspection before pickling.
SCALAR_TYPES = (type(None), bool, int, float, complex, str, bytes, bytearray)


def _picklable(value):
    import pickle

    try:
        pickle.dumps(value)
    except Exception:
        return False
    return True


def exception_info(exc, where=""):
    """Describes an exception as plain data: (type name, module, args,
    message, errno, strerror, filename, filename2, formatted traceback)."""
    args = exc.args
    if not _picklable(args):
        args = tuple(repr(a) for a in args)
    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    if where:
        text = f"{where}\n{text}"
    errno = strerror = filename = filename2 = None
    if isinstance(exc, OSError):
        errno, strerror, filename, filename2 = exc.errno, exc.strerror, exc.filename, exc.filename2
        if not _picklable(filename):
            filename = repr(filename)
        if not _picklable(filename2):
            filename2 = repr(filename2)
    return (type(exc).__name__, type(exc).__module__, args, str(exc),
            errno, strerror, filename, filename2, text)


# Builtin exception types that are not rebuilt as themselves.
_NOT_REBUILT = {"KeyboardInterrupt", "SystemExit", "GeneratorExit", "StopIteration",
                "StopAsyncIteration", "BaseExceptionGroup", "ExceptionGroup"}


def rebuild_exception(info, note_title="worker traceback"):
    """Turns exception_info() data back into an exception: the builtin type
    itself when it is one (OSError keeps errno, strerror and filename),
    mtesim.errors' types as themselves, anything else as SimulationError
    naming the original type.  The original traceback is attached as a note."""
    from . import errors

    name, module, args, message, errno, strerror, filename, filename2, text = info
    exc = None
    cls = None
    if module == "builtins" and name not in _NOT_REBUILT:
        cls = getattr(builtins, name, None)
    elif module == errors.__name__:
        cls = getattr(errors, name, None)
    if isinstance(cls, type) and issubclass(cls, BaseException):
        try:
            if issubclass(cls, OSError) and errno is not None:
                if filename2 is not None:
                    exc = cls(errno, strerror, filename, None, filename2)
                elif filename is not None:
                    exc = cls(errno, strerror, filename)
                else:
                    exc = cls(errno, strerror)
            else:
                exc = cls(*args)
        except Exception:
            exc = None
        if exc is not None and type(exc) is not cls and not issubclass(cls, OSError):
            exc = None
    if exc is None:
        qual = name if module in ("builtins", None) else f"{module}.{name}"
        exc = errors.SimulationError(f"{qual}: {message}" if message else qual)
    if text:
        exc.add_note(f"--- {note_title} ---\n{text.rstrip()}")
    return exc
