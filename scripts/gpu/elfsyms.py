#!/usr/bin/env python3
"""Which C++ symbols that libLibTorchSharp.so imports does a LibTorch installation lack? Reads the ELF dynamic symbol
tables itself (no binutils needed), so it runs on a bare machine with only python3.

    elfsyms.py LIBTORCHSHARP LIB [LIB...] [--report FILE]

Prints the number of imported LibTorch symbols, how many of them no LIB defines, and the missing ones demangled, split
into those bound when the library is loaded (data, vtables, typeinfo, address-taken functions: a missing one makes the
load fail) and those bound lazily at their first call (a missing one kills the process with "symbol lookup error" only
when that function is first called). Symbols versioned by glibc, libstdc++ or libgcc are not LibTorch's and are skipped;
so are weak imports. Exit code 0 when nothing is missing, 3 when something is, 2 on a usage or read error.
"""
import ctypes
import ctypes.util
import mmap
import os
import struct
import sys

SHT_RELA, SHT_DYNSYM = 4, 11
SHT_GNU_VERNEED, SHT_GNU_VERSYM = 0x6FFFFFFE, 0x6FFFFFFF
STB_WEAK = 2
R_X86_64_JUMP_SLOT = 7
SYSTEM_VERSIONS = ("GLIBC_", "GLIBCXX_", "CXXABI_", "GCC_")


class Elf:
    def __init__(self, path):
        self.path = path
        with open(path, "rb") as f:
            self.data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        d = self.data
        if d[:4] != b"\x7fELF" or d[4] != 2 or d[5] != 1:
            raise ValueError(f"{path}: not a 64-bit little-endian ELF file")
        shoff, = struct.unpack_from("<Q", d, 0x28)
        shentsize, shnum = struct.unpack_from("<HH", d, 0x3A)
        self.sections = []
        for i in range(shnum):
            name, stype, flags, addr, offset, size, link, info, align, entsize = struct.unpack_from(
                "<IIQQQQIIQQ", d, shoff + i * shentsize)
            self.sections.append(dict(type=stype, offset=offset, size=size, link=link, entsize=entsize))

    def _string(self, strtab, offset):
        start = strtab["offset"] + offset
        end = self.data.find(b"\0", start)
        return self.data[start:end].decode("utf-8", "replace")

    def symbols(self):
        """(index, name, defined, binding, version name or '') of every dynamic symbol."""
        dynsym = next((s for s in self.sections if s["type"] == SHT_DYNSYM), None)
        if dynsym is None:
            return []
        strtab = self.sections[dynsym["link"]]
        versions = self._needed_versions()
        versym = next((s for s in self.sections if s["type"] == SHT_GNU_VERSYM), None)
        out = []
        count = dynsym["size"] // 24
        for i in range(1, count):
            st_name, st_info, st_other, st_shndx, st_value, st_size = struct.unpack_from(
                "<IBBHQQ", self.data, dynsym["offset"] + i * 24)
            version = ""
            if versym is not None:
                v, = struct.unpack_from("<H", self.data, versym["offset"] + i * 2)
                version = versions.get(v & 0x7FFF, "")
            out.append((i, self._string(strtab, st_name), st_shndx != 0, st_info >> 4, version))
        return out

    def _needed_versions(self):
        """Version index -> name for the versions this object requires (.gnu.version_r)."""
        verneed = next((s for s in self.sections if s["type"] == SHT_GNU_VERNEED), None)
        names = {}
        if verneed is None:
            return names
        strtab = self.sections[verneed["link"]]
        offset = verneed["offset"]
        while True:
            vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from("<HHIII", self.data, offset)
            aux = offset + vn_aux
            for _ in range(vn_cnt):
                vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from("<IHHII", self.data, aux)
                names[vna_other] = self._string(strtab, vna_name)
                if vna_next == 0:
                    break
                aux += vna_next
            if vn_next == 0:
                break
            offset += vn_next
        return names

    def eager_symbol_indices(self):
        """Indices of dynamic symbols referenced by relocations other than lazy PLT slots (bound at load time)."""
        eager = set()
        for s in self.sections:
            if s["type"] != SHT_RELA or s["entsize"] != 24:
                continue
            for k in range(s["size"] // 24):
                r_offset, r_info, r_addend = struct.unpack_from("<QQq", self.data, s["offset"] + k * 24)
                if r_info & 0xFFFFFFFF != R_X86_64_JUMP_SLOT and r_info >> 32:
                    eager.add(r_info >> 32)
        return eager


def demangler():
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("stdc++") or "libstdc++.so.6")
        libc = ctypes.CDLL(None)
        cxa = lib.__cxa_demangle
        cxa.restype = ctypes.c_void_p
        cxa.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
        libc.free.argtypes = [ctypes.c_void_p]
    except (OSError, AttributeError):
        return lambda name: name

    def demangle(name):
        status = ctypes.c_int(0)
        result = cxa(name.encode(), None, None, ctypes.byref(status))
        if status.value != 0 or not result:
            return name
        text = ctypes.string_at(result).decode("utf-8", "replace")
        libc.free(result)
        return text

    return demangle


def main(argv):
    report = None
    if "--report" in argv:
        i = argv.index("--report")
        report = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    target, libraries = argv[0], argv[1:]
    try:
        importer = Elf(target)
        imports = [s for s in importer.symbols()
                   if not s[2] and s[1] and s[3] != STB_WEAK and not s[4].startswith(SYSTEM_VERSIONS)]
        eager = importer.eager_symbol_indices()
        defined = set()
        for path in libraries:
            names = {s[1] for s in Elf(path).symbols() if s[2]}
            print(f"  {os.path.basename(path)}: {len(names):,} defined dynamic symbols")
            defined |= names
    except (OSError, ValueError, struct.error) as e:
        print(f"elfsyms: {e}", file=sys.stderr)
        return 2

    missing = [s for s in imports if s[1] not in defined]
    at_load = sorted(s[1] for s in missing if s[0] in eager)
    at_call = sorted(s[1] for s in missing if s[0] not in eager)
    demangle = demangler()
    lines = [f"{os.path.basename(target)} imports {len(imports):,} LibTorch symbols; "
             f"{len(missing):,} are defined by none of the {len(libraries)} libraries "
             f"({len(at_load)} bound at load time, {len(at_call)} at first call)"]
    if at_load:
        lines.append("MISSING, bound at load time (the library will not load):")
        lines += [f"    {demangle(n)}    [{n}]" for n in at_load]
    if at_call:
        lines.append("MISSING, bound at first call (the process dies with 'symbol lookup error' if one is called):")
        lines += [f"    {demangle(n)}    [{n}]" for n in at_call]
    text = "\n".join(lines)
    if report:
        with open(report, "w") as f:
            f.write(text + "\n")
    # On the console: the summary and at most 60 missing symbols (all of them are in the report file).
    shown = lines[:62]
    print("\n".join(shown))
    if len(lines) > len(shown):
        print(f"    ... {len(lines) - len(shown)} more in {report or 'the report'}")
    return 3 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
