"""Applying a pushed batch: idempotency, scope, validation, field-level merge, conflicts, duplicates.

All of it runs in one write transaction that first locks the seq counter, so batches are serialized and
seqs are handed out in commit order. Steps:
  1. lock the counter; replay changes already applied (same answer as the first time);
  2. load the touched records and their parents in one query;
  3. apply each change in order to in-memory states (a later change sees an earlier one);
  4. flag duplicate ID numbers among the persons touched;
  5. write rows, applied change ids, per-village counts and the counter.
"""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import dataclass, field

from sqlalchemy import Connection, update

from sync.entities import Entity, registry
from sync.record_ids import conflict_id, duplicate_id
from sync.scope import Scope

from .checks import Reject, precheck, record_label, short
from .db import counter
from .sql import ANY_JSON, bulk_insert, json_keys, pipeline, select_in, write_records
from .wire import Change, encode_str

TIMING = bool(os.environ.get("COUNTY_SERVER_TIMING"))
_NO_CONFLICTS = "[]"


def dumps(value) -> str:
    """Compact JSON text (msgspec: the same text as json.dumps(ensure_ascii=False), several times faster)."""
    return encode_str(value) if value else _NO_CONFLICTS if isinstance(value, list) else encode_str(value)


@dataclass(slots=True)
class Rec:
    entity: Entity
    id: str
    village: str
    seq: int
    vals: list
    vers: list
    prev_seq: int            # seq before this request (what the pusher's cursor is compared with)
    origin: str
    exists: bool
    dup_key: str | None
    dirty: bool = False
    job: int = -1            # the job (request) of this transaction that last wrote it
    lost_job: int = -2       # the job in which a pushed value of it lost a conflict

    def get(self, name: str):
        return self.vals[self.entity.index[name]]


def _label(ent: Entity, change: Change, rec: Rec | None = None) -> str:
    """How a rejection names the record (built only when one is rejected): 户编号 / name and full id."""
    return record_label(ent, change.record_id, change.fields, rec.vals if rec is not None else None)


_ALWAYS_ECHO = 2 ** 62  # a prev_seq no cursor reaches (BigInteger column)


class PresumptionFailed(Exception):
    """A change of a record presumed new was rejected: run the jobs again without presuming."""


@dataclass
class Outcome:
    acks: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)


@dataclass
class Job:
    """One request's push."""
    scope: Scope
    username: str
    client_id: str
    push: list[Change]
    bad: dict[str, Reject] | None = None
    cursor: int | None = None   # the pusher's pull cursor: which server versions it had seen


class Batch:
    """One write transaction over the pushes of one or more requests (group commit)."""

    def __init__(self, conn: Connection, scope: Scope | None = None, username: str = "", client_id: str = "",
                 now: str = ""):
        self.conn, self.scope, self.username, self.client_id, self.now = conn, scope, username, client_id, now
        self.can_write = scope.can_write if scope is not None else False
        self.reg = registry()
        self.states: dict[tuple[str, str], Rec] = {}
        self.seq = 0
        self.top = 0                # the counter when the transaction began: no client knows a higher seq
        self.job = 0
        self.applied: list[tuple] = []         # rows for `changes` (change_id, username, seq, conflicts JSON)
        self.touched_people: dict[str, str | None] = {}  # person id -> dup key before this transaction
        self.job_start = 1          # first seq handed out in the current job (request)
        self.job_cursor: int | None = None
        self.presumed: set[tuple[str, str]] = set()   # records presumed new (run_jobs)

    def run(self, push: list[Change], bad: dict[str, Reject] | None = None) -> Outcome:
        return self.run_jobs([Job(self.scope, self.username, self.client_id, push, bad)])[0]

    # --- 1 + 2: lock, replay, load ----------------------------------------------------------------
    def run_jobs(self, jobs: list[Job], presume_new: bool = False) -> list[Outcome]:
        """Apply the jobs' pushes in this transaction, each as if alone, in order.

        `presume_new` (PostgreSQL): records pushed with every required field, as a creation is, are taken
        to be new without looking them or their changes up (the lookups of a burst of new records were
        a third of its serial path). If one was not new after all, inserting it (or its change id)
        breaks a primary key and the transaction fails; if one of their changes is rejected
        (PresumptionFailed), the true state could have answered otherwise. Either way the caller runs
        the jobs again without presuming, in a new transaction (GroupWriter does)."""
        for job in jobs:
            if job.bad is None:
                job.bad = precheck(job.push)
        marks, cpu = [time.perf_counter()], [time.thread_time()]
        # changes refused by precheck are not looked up (their ids and values may be anything)
        everything = [c for job in jobs for c in job.push if not job.bad or c.change_id not in job.bad]
        if self.conn.dialect.name == "postgresql":   # lock, replays and load in one round trip
            self.presumed = self._presumed_new(everything) if presume_new else set()
            looked = [c for c in everything if (c.entity, c.record_id) not in self.presumed] \
                if self.presumed else everything
            ids, want = [c.change_id for c in looked], self._wanted(everything, self.presumed)
            statements = [("UPDATE counter SET value = value WHERE name = 'seq' RETURNING value", None)]
            if ids:
                statements.append((f"SELECT * FROM changes WHERE change_id = {ANY_JSON}", (json_keys(ids),)))
            if want:
                statements.append((f"SELECT * FROM records WHERE id = {ANY_JSON}", (json_keys(want),)))
            top, *found = pipeline(self.conn, statements)
            replayed = found.pop(0) if ids else []
            loaded = found.pop(0) if want else []
            self.seq = top[0].value
            done = {row.change_id: (row.username, row.seq, row.conflicts) for row in replayed}
            marks.append(time.perf_counter()), cpu.append(time.thread_time())
            self._states(loaded)
        else:
            ids, want = [c.change_id for c in everything], self._wanted(everything)
            self.seq = self.conn.execute(update(counter).where(counter.c.name == "seq")
                                         .values(value=counter.c.value).returning(counter.c.value)).scalar_one()
            done = self._replays(ids)
            marks.append(time.perf_counter()), cpu.append(time.thread_time())
            self._fetch("id", want)
        start_seq = self.top = self.seq
        marks.append(time.perf_counter()), cpu.append(time.thread_time())
        outs = []
        for i, job in enumerate(jobs):
            self.job, self.scope, self.username, self.client_id = i, job.scope, job.username, job.client_id
            self.can_write = job.scope.can_write
            self.job_cursor = job.cursor
            self.job_start = self.seq + 1
            outs.append(self._run_job(job, done))
        marks.append(time.perf_counter()), cpu.append(time.thread_time())
        if self.touched_people:
            self._flag_duplicates()
        marks.append(time.perf_counter()), cpu.append(time.thread_time())
        if self.seq != start_seq or self.applied:
            self._write()
        marks.append(time.perf_counter()), cpu.append(time.thread_time())
        if TIMING:
            steps = ("replays", "load", "apply", "duplicates", "write")
            print(f"  {len(jobs)} jobs: " + ", ".join(
                f"{n} {1000 * (b - a):.0f} (cpu {1000 * (d - c):.0f})"
                for n, a, b, c, d in zip(steps, marks, marks[1:], cpu, cpu[1:])) + " ms",
                  file=sys.stderr, flush=True)
        return outs

    def _run_job(self, job: Job, done: dict) -> Outcome:
        bad = job.bad or {}
        out = Outcome()
        acks, rejected = out.acks, out.rejected
        for change_id in bad:
            done.pop(change_id, None)
        groups = self._creation_groups([c for c in job.push if c.change_id not in bad] if bad else job.push, done)
        username, apply = self.username, self._apply
        for change in job.push:
            change_id = change.change_id
            if bad and change_id in bad:
                r = bad[change_id]
                rejected.append({"change_id": change_id, "code": r.code, "reason": r.reason})
                continue
            if groups and change_id in groups:
                members = groups.pop(change_id)
                if members:
                    self._apply_group(members, out, done)
                continue
            prev = done.get(change_id)
            if prev is not None:
                if prev[0] != username:
                    rejected.append({"change_id": change_id, "code": "bad_value", "reason": "变更编号已被其他账号使用"})
                else:
                    conflicts = prev[2]
                    acks.append({"change_id": change_id, "seq": prev[1],
                                 "conflicts": json.loads(conflicts) if isinstance(conflicts, str) else conflicts})
                continue
            try:
                ack = apply(change)
            except Reject as r:
                self._presumption_failed(change)
                rejected.append({"change_id": change_id, "code": r.code, "reason": r.reason})
                continue
            acks.append(ack)
            done[change_id] = (username, ack["seq"], ack["conflicts"])
        return out

    def _touch(self, rec: Rec) -> None:
        """First write of `rec` by the current request: what the pusher had may be the seq before it.

        The pull leaves out the pusher's own write when prev_seq <= the page's cursor (it had that
        version). If the version before this write is newer than the pusher's cursor, the pusher never
        saw it, and a later page of the same round would wrongly leave the record out: prev_seq then
        becomes a seq above any cursor that can serve this record, so it is always sent back."""
        if rec.job != self.job:
            unseen = self.job_cursor is not None and rec.seq > self.job_cursor
            rec.prev_seq, rec.job = (_ALWAYS_ECHO if unseen else rec.seq), self.job

    def _creation_groups(self, push: list[Change], done: dict) -> dict[str, list[Change]]:
        """Several changes to a record the server does not have yet (a creation and later edits, e.g. a
        rejected creation fixed by an edit) are applied as one creation: first change id -> members,
        later change ids -> [] (handled with the first)."""
        first: dict[tuple[str, str], Change] = {}
        by_record: dict[tuple[str, str], list[Change]] = {}
        states = self.states
        for c in push:
            key = (c.entity, c.record_id)
            if key in states or c.change_id in done:
                continue
            if key not in first:
                first[key] = c
            elif key in by_record:
                by_record[key].append(c)
            else:
                by_record[key] = [first[key], c]
        groups: dict[str, list[Change]] = {}
        for members in by_record.values():
            groups[members[0].change_id] = members
            for m in members[1:]:
                groups[m.change_id] = []
        return groups

    def _apply_group(self, members: list[Change], out: Outcome, done: dict) -> None:
        fields: dict = {}
        for m in members:
            fields.update(m.fields)
        merged = Change(change_id=members[0].change_id, entity=members[0].entity,
                        record_id=members[0].record_id, fields=fields, base={})
        try:
            ack = self._apply(merged)
        except Reject as r:
            self._presumption_failed(merged)
            out.rejected.extend({"change_id": m.change_id, "code": r.code, "reason": r.reason} for m in members)
            return
        for m in members:
            if m is not members[0]:
                self.applied.append((m.change_id, *self.applied[-1][1:]))
            out.acks.append({**ack, "change_id": m.change_id})
            done[m.change_id] = (self.username, ack["seq"], ack["conflicts"])

    def _replays(self, ids: list[str]) -> dict[str, tuple]:
        """change id -> (username, seq, conflicts: JSON text or list) of changes applied before."""
        return {row.change_id: (row.username, row.seq, row.conflicts)
                for row in select_in(self.conn, "changes", "change_id", ids)}

    def _wanted(self, push: list[Change], presumed: set[tuple[str, str]] = frozenset()) -> list[str]:
        """Ids of the records the pushed changes touch, and of their parents (but those presumed new)."""
        parents = {name: ent.parent for name, ent in self.reg.items() if ent.parent}
        want: set[str] = set()
        add = want.add
        for c in push:
            if not presumed or (c.entity, c.record_id) not in presumed:
                add(c.record_id)
            link = parents.get(c.entity)
            if link is not None:
                parent = c.fields.get(link[1])
                if type(parent) is str and (not presumed or (link[0], parent) not in presumed):
                    add(parent)
        return list(want)

    def _presumed_new(self, push: list[Change]) -> set[tuple[str, str]]:
        """(entity, id) of the records some change pushes with every required field (a creation's
        shape); see run_jobs. A stored record always has its creation among the applied changes' records,
        and records are never deleted, so a change of a record not stored was never applied."""
        presumed = set()
        reg = self.reg
        for c in push:
            ent = reg.get(c.entity)
            if ent is not None and not ent.system:
                fields = c.fields
                for name in ent.required:
                    if fields.get(name) is None:
                        break
                else:
                    presumed.add((c.entity, c.record_id))
        return presumed

    def _presumption_failed(self, change: Change) -> None:
        if self.presumed and (change.entity, change.record_id) in self.presumed:
            raise PresumptionFailed(f"{change.entity} {change.record_id}")

    def _fetch(self, column: str, keys: list) -> list[Rec]:
        return self._states(select_in(self.conn, "records", column, keys))

    def _states(self, rows) -> list[Rec]:
        got = []
        for row in rows:
            key = (row.entity, row.id)
            if key in self.states or row.entity not in self.reg:
                if key in self.states:
                    got.append(self.states[key])
                continue
            ent = self.reg[row.entity]
            vals, vers = json.loads(row.vals), json.loads(row.vers)
            pad = len(ent.columns) - len(vals)
            if pad > 0:
                vals += [c.default for c in ent.columns[-pad:]]
                vers += [0] * pad
            rec = Rec(ent, row.id, row.village_code, row.seq, vals, vers, row.seq, row.origin, True,
                      row.dup_key)
            self.states[key] = rec
            got.append(rec)
        return got

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    # --- 3: one change ------------------------------------------------------------------------------
    def _apply(self, change: Change) -> dict:
        """One change that passed `precheck` (by a writing account): scope, then create, merge or resolve."""
        if not self.can_write:
            raise Reject("read_only", "本账号只能查看，不能修改数据")
        ent = self.reg[change.entity]
        rec = self.states.get((ent.name, change.record_id))
        if ent.system:
            return self._resolve_system(change, ent, rec, _label(ent, change))
        village = self._village_of(ent, change, rec)
        if rec is None:
            return self._create(change, ent, village)
        return self._merge(change, rec, village)

    def _village_of(self, ent: Entity, change: Change, rec: Rec | None) -> str:
        """The village a record belongs to after this change; children inherit their parent's."""
        if rec is not None and not self.scope.writes(rec.village):
            raise Reject("out_of_scope", f"{_label(ent, change, rec)}属于其他村（{rec.village}），本账号不能修改")
        if ent.scope_column:
            village = change.fields.get(ent.scope_column, rec.village if rec else None)
            if village is None:
                raise Reject("missing_field", f"{_label(ent, change, rec)}：缺少村代码“{ent.scope_column}”")
        elif rec is not None and ent.parent[1] not in change.fields:
            village = rec.village                      # same parent: same village
        else:
            parent_ent, parent_col = ent.parent
            parent_id = change.fields.get(parent_col, rec.get(parent_col) if rec else None)
            parent = self.states.get((parent_ent, parent_id)) if isinstance(parent_id, str) else None
            if parent is None:
                plabel = self.reg[parent_ent].label
                raise Reject("parent_missing", f"{_label(ent, change)}：所属的{plabel}记录 {short(str(parent_id))} 在服务器上"
                                               f"不存在（尚未上传或被拒绝），请先修正该{plabel}记录")
            village = parent.village
        if not self.scope.writes(village):
            raise Reject("out_of_scope", f"{_label(ent, change, rec)}属于村 {village}，本账号（{self.scope.region_code}）不能修改")
        return village

    def _create(self, change: Change, ent: Entity, village: str) -> dict:
        fields = change.fields
        for name in ent.required:
            if fields.get(name) is None:
                missing = [name for name in ent.required if fields.get(name) is None]
                raise Reject("missing_field", f"{_label(ent, change)}：缺少必填字段“{'、'.join(missing)}”")
        self.seq += 1
        seq = self.seq
        get = fields.get
        vals = [get(name, default) for name, default in ent.defaults]
        vers = [seq if name in fields else 0 for name in ent.names]   # 0: never set by anyone
        rec = Rec(ent, change.record_id, village, seq, vals, vers, 0, self.client_id, False,
                  None, dirty=True, job=self.job)
        self.states[(ent.name, rec.id)] = rec
        if ent.dup_column:
            self._touched(rec, None)
        self.applied.append((change.change_id, self.username, seq, _NO_CONFLICTS))
        return {"change_id": change.change_id, "seq": seq, "conflicts": []}

    def _merge(self, change: Change, rec: Rec, village: str) -> dict:
        index = rec.entity.index
        before_key = rec.dup_key
        applied, lost = [], []
        for name, value in change.fields.items():
            i = index[name]
            # a version from this same request (>= its first seq) is what the later edit was made on
            if rec.vers[i] < self.job_start:
                base = change.base.get(name, 0)
                if base > self.top:     # a version never handed out: the edit's base is unknown (0)
                    base = 0
            else:
                base = rec.vers[i]
            if rec.vals[i] == value:
                continue
            if rec.vers[i] <= base:
                applied.append((i, name, value))
            else:
                lost.append((name, value, rec.vals[i]))
        seq = rec.seq
        if applied:
            self._touch(rec)
            seq = self._next_seq()
            for i, name, value in applied:
                rec.vals[i], rec.vers[i] = value, seq
            origin = "" if rec.lost_job == self.job else self.client_id   # the pusher must pull the winner
            rec.seq, rec.origin, rec.village, rec.dirty = seq, origin, village, True
        if lost:
            self._conflicts(change, rec, lost)
        dup = rec.entity.dup_column
        if dup and (dup in change.fields or "deleted" in change.fields):   # only these can make or end a pair
            self._touched(rec, before_key)
        return self._ack(change, seq, [name for name, _, _ in lost])

    def _conflicts(self, change: Change, rec: Rec, lost: list) -> None:
        """Server order wins: the value applied first stays; the pushed value is kept in a conflict record.
        The record gets a fresh seq with no origin, so the pusher pulls the value that stayed."""
        ent = self.reg["conflict"]
        for name, mine, theirs in lost:
            cid = conflict_id(change.change_id, name)
            seq = self._next_seq()
            vals = [rec.entity.name, rec.id, name, dumps(mine), dumps(theirs), self.now, None, None]
            self.states[("conflict", cid)] = Rec(ent, cid, rec.village, seq, vals, [seq] * len(vals), 0, "",
                                                 False, None, dirty=True)
        rec.seq, rec.origin, rec.dirty, rec.lost_job = self._next_seq(), "", True, self.job

    def _resolve_system(self, change: Change, ent: Entity, rec: Rec | None, label: str) -> dict:
        """Conflict and duplicate records: the first resolution stays; a later one is acknowledged as is."""
        if rec is None:
            raise Reject("parent_missing", f"{label}在服务器上不存在")
        if not self.scope.writes(rec.village):
            raise Reject("out_of_scope", f"{label}属于其他村（{rec.village}），本账号不能处理")
        if rec.get("resolved_at") is not None:
            return self._ack(change, rec.seq, [])
        self._touch(rec)
        seq = self._next_seq()
        names = ent.names
        for name, value in change.fields.items():
            rec.vals[names.index(name)] = value
            rec.vers[names.index(name)] = seq
        if rec.get("resolved_at") is None:
            rec.vals[names.index("resolved_at")] = self.now
        rec.seq, rec.origin, rec.dirty = seq, self.client_id, True
        return self._ack(change, seq, [])

    def _ack(self, change: Change, seq: int, lost: list[str]) -> dict:
        self.applied.append((change.change_id, self.username, seq, dumps(lost)))
        return {"change_id": change.change_id, "seq": seq, "conflicts": lost}

    # --- 4: duplicates ------------------------------------------------------------------------------
    def _touched(self, rec: Rec, before: str | None) -> None:
        col = rec.entity.dup_column
        if not col:
            return
        value = rec.get(col)
        rec.dup_key = value if value and not rec.get("deleted") else None
        if rec.id not in self.touched_people:
            self.touched_people[rec.id] = before

    def _flag_duplicates(self) -> None:
        people = [self.states[("person", pid)] for pid in self.touched_people]
        keys = {k for k in self.touched_people.values() if k} | {p.dup_key for p in people if p.dup_key}
        if not keys:
            return
        found = self._fetch("dup_key", sorted(keys))
        live: dict[str, list[Rec]] = {}
        for rec in list(self.states.values()):
            if rec.entity.name == "person" and rec.dup_key in keys:
                live.setdefault(rec.dup_key, []).append(rec)
        flags = {r.id: r for r in found if r.entity.name == "duplicate"}
        touched = set(self.touched_people)
        for key, group in live.items():
            for a in group:
                for b in group:
                    if a is not b and (a.id in touched or b.id in touched):
                        self._flag(key, a, b, flags)
        for flag in flags.values():   # a flag whose pair no longer shares a live ID number clears itself
            if flag.get("resolved_at") is None and not self._still_duplicate(flag, live):
                seq = self._next_seq()
                names = flag.entity.names
                flag.vals[names.index("resolved_at")] = self.now
                flag.vals[names.index("resolution")] = "cleared"
                flag.seq, flag.origin, flag.dirty = seq, "", True

    @staticmethod
    def _still_duplicate(flag: Rec, live: dict[str, list[Rec]]) -> bool:
        ids = {r.id for r in live.get(flag.get("id_number"), [])}
        return flag.get("person_id") in ids and flag.get("other_person_id") in ids

    def _flag(self, key: str, a: Rec, b: Rec, flags: dict[str, Rec]) -> None:
        fid = duplicate_id(a.id, b.id)
        flag = flags.get(fid) or self.states.get(("duplicate", fid))
        if flag is None:
            flag = next(iter(self._fetch("id", [fid])), None)
        if flag is not None:
            flag.dup_key = key
            names = flag.entity.names
            if flag.get("resolution") == "cleared":   # the pair collides again: reopen
                flag.vals[names.index("id_number")] = key
                flag.vals[names.index("resolved_at")] = None
                flag.vals[names.index("resolution")] = None
                flag.seq, flag.origin, flag.dirty = self._next_seq(), "", True
            return
        ent = self.reg["duplicate"]
        seq = self._next_seq()
        vals = [key, a.id, b.id, b.village, b.get("name"), self.now, None, None]
        flag = Rec(ent, fid, a.village, seq, vals, [seq] * len(vals), 0, "", False, key, dirty=True)
        self.states[("duplicate", fid)] = flag
        flags[fid] = flag

    # --- 5: write -----------------------------------------------------------------------------------
    def _write(self) -> None:
        new, old, counts = [], [], {}
        enc = encode_str
        for rec in self.states.values():
            if not rec.dirty:
                continue
            row = (rec.entity.name, rec.id, rec.village, rec.seq, rec.prev_seq, rec.origin, len(rec.vals),
                   enc(rec.vals), enc(rec.vers), rec.dup_key)
            if rec.exists:
                old.append(row)
            else:
                new.append(row)
                counts[(rec.village, rec.entity.name)] = counts.get((rec.village, rec.entity.name), 0) + 1
        write_records(self.conn, new, old, self.seq, counts)
        if self.applied:
            bulk_insert(self.conn, "changes", ("change_id", "username", "seq", "conflicts"), self.applied)
