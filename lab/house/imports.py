#!/usr/bin/env python3
"""Draws the house from its imports: for each crate, which source file uses
which (through `crate::` and `super::` paths, test modules left out), the
cycles among them, and the files over 600 lines.

usage: lab/house/imports.py [--dot]      (from the repository root)
"""
import os, re, sys
from collections import defaultdict

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'crates')

def module_files(src):
    """Map module path (tuple) -> file."""
    out = {}
    for dirpath, _, files in os.walk(src):
        for f in files:
            if not f.endswith('.rs'):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), src)
            parts = rel[:-3].split(os.sep)
            if parts[-1] in ('mod', 'lib', 'main'):
                parts = parts[:-1]
            out[tuple(parts)] = os.path.join(dirpath, f)
    return out

def strip_tests(text):
    """Drops `#[cfg(test)] mod tests { ... }` blocks and comments."""
    text = re.sub(r'//[^\n]*', '', text)
    m = re.search(r'#\[cfg\(test\)\]\s*mod\s+\w+\s*\{', text)
    if m:
        text = text[:m.start()]
    return text

def resolve(path, modules):
    """The longest module prefix of `path` that is a file."""
    for n in range(len(path), 0, -1):
        if tuple(path[:n]) in modules:
            return tuple(path[:n])
    return None

def graph(crate_dir):
    src = os.path.join(crate_dir, 'src')
    modules = module_files(src)
    edges = defaultdict(set)
    for mod, f in modules.items():
        text = strip_tests(open(f, encoding='utf-8').read())
        if re.match(r'\s*#!\[cfg\(test\)\]', text):
            continue
        # `use crate::a::{b, c}` and inline `crate::a::b`
        for m in re.finditer(r'\bcrate((?:::\w+)+)', text):
            path = [p for p in m.group(1).split('::') if p]
            target = resolve(path, modules)
            if target is not None and target != mod and target != ():
                edges[mod].add(target)
        for m in re.finditer(r'\bsuper((?:::\w+)+)', text):
            path = [p for p in m.group(1).split('::') if p]
            base = list(mod[:-1]) if os.path.basename(f) not in ('mod.rs',) else list(mod[:-1])
            target = resolve(base + path, modules)
            if target is not None and target != mod and target != tuple(base):
                edges[mod].add(target)
    return modules, edges

def cycles(edges):
    """Strongly connected components with more than one file (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))
    for v in list(edges):
        if v not in index:
            visit(v)
    return out

def main():
    sys.setrecursionlimit(10000)
    bad = 0
    for crate in sorted(os.listdir(ROOT)):
        d = os.path.join(ROOT, crate)
        if not os.path.isdir(os.path.join(d, 'src')):
            continue
        modules, edges = graph(d)
        for comp in cycles(edges):
            bad += 1
            print(f'{crate}: import cycle: ' + ' -> '.join('::'.join(c) or 'lib' for c in comp))
        for mod, f in modules.items():
            n = sum(1 for _ in open(f, encoding='utf-8'))
            if n > 600:
                bad += 1
                print(f'{crate}: {os.path.relpath(f, ROOT)} has {n} lines')
        if '--dot' in sys.argv:
            for a, bs in sorted(edges.items()):
                for b in sorted(bs):
                    print(f'  "{crate}::{"::".join(a)}" -> "{crate}::{"::".join(b)}";')
    print(f'{bad} problem(s)')
    return 1 if bad else 0

if __name__ == '__main__':
    sys.exit(main())
