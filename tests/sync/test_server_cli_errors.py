"""`county-server` says in Chinese what is wrong with its setup and exits 2, without a traceback or an English
exception: a database it cannot open or reach (SQLite file in a missing folder, not a database, a folder;
PostgreSQL database or user that does not exist, no server on the port; a URL it cannot use) and a port
already in use (by a running county server or anything else). Nothing is created on the way."""
from __future__ import annotations

import socket
import uuid

import pytest

from .server_proc import PG_BASE, ServerProcess, database, ensure_postgres, free_port, run_cli


def refused(url: str, *args: str) -> str:
    done = run_cli(url, *args)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert done.stderr.startswith("错误：") and "Traceback" not in done.stderr
    assert "Error" not in done.stderr and "sqlalche.me" not in done.stderr
    return done.stderr


@pytest.mark.parametrize("command", [["init"], ["serve", "--port", str(free_port())]])
def test_an_sqlite_file_in_a_missing_folder(tmp_path, command):
    folder = tmp_path / "no" / "such"
    message = refused(f"sqlite:///{folder / 'county.db'}", *command)
    assert f"文件夹 {folder} 不存在" in message and f"mkdir -p {folder}" in message
    assert not (tmp_path / "no").exists()


def test_an_sqlite_path_that_is_not_a_database(tmp_path):
    (tmp_path / "notes.txt").write_text("not a database " * 100)
    assert "不是县服务器的 SQLite 数据库" in refused(f"sqlite:///{tmp_path / 'notes.txt'}", "init")
    assert "这是一个文件夹" in refused(f"sqlite:///{tmp_path}", "init")


def test_a_url_it_cannot_use(tmp_path):
    assert "格式不对" in refused("county.db", "init")
    assert "不支持的数据库" in refused("mysql://user@host/ledger", "init")


@pytest.mark.postgres
@pytest.mark.parametrize("command", [["init"], ["add-account", "--username", "u", "--password", "secret-pass",
                                                "--role", "county", "--region", "610302000000"],
                                     ["serve", "--port", str(free_port())]])
def test_a_postgresql_database_that_does_not_exist(command):
    ensure_postgres()
    name = "nodb_" + uuid.uuid4().hex[:8]
    for url in (PG_BASE.rsplit("/", 1)[0] + "/" + name,
                PG_BASE.rsplit("/", 1)[0].replace("+psycopg", "") + "/" + name):   # bare postgresql:// too
        message = refused(url, *command)
        assert f"上没有数据库 {name}" in message
        assert f"请先创建数据库：createdb -h 127.0.0.1 -p 5432 -U root {name}" in message
        assert f"CREATE DATABASE {name};" in message


@pytest.mark.postgres
def test_a_postgresql_user_or_server_that_is_not_there():
    ensure_postgres()
    message = refused(PG_BASE.replace("root@", "nobody_here@"), "init")
    assert "没有用户 nobody_here" in message and "createuser" in message
    port = free_port()
    message = refused(PG_BASE.replace(":5432", f":{port}"), "init")
    assert f"连不上 PostgreSQL 服务器 127.0.0.1:{port}" in message and "已启动" in message


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def running(request, tmp_path):
    url, schema = database(request.param, tmp_path)
    proc = ServerProcess(url).setup([], "secret-pass").start()
    yield proc
    proc.stop()
    if schema is not None:
        schema.drop()


def test_the_port_of_a_running_county_server(running):
    message = refused(running.db_url, "serve", "--host", "127.0.0.1", "--port", str(running.port))
    assert f"端口 {running.port} 已被占用" in message and "--port" in message
    assert running.proc.poll() is None           # the running server is untouched


def test_a_port_another_program_holds_and_bad_addresses(tmp_path):
    url = f"sqlite:///{tmp_path / 'county.db'}"
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        assert f"端口 {port} 已被占用" in refused(url, "serve", "--port", str(port))
    assert "端口 70000 无效" in refused(url, "serve", "--port", "70000")
    assert "不是本机的网络地址" in refused(url, "serve", "--host", "192.0.2.1", "--port", str(free_port()))
    assert "无法识别" in refused(url, "serve", "--host", "no-such-host.invalid", "--port", str(free_port()))


@pytest.mark.postgres
def test_a_postgresql_user_that_may_not_create_tables():
    """(PostgreSQL 15+ lets only the owner create tables in a database's public schema.)"""
    import psycopg
    ensure_postgres()
    role, schema = "vl_" + uuid.uuid4().hex[:8], "t_" + uuid.uuid4().hex[:12]
    admin = "host=127.0.0.1 port=5432 user=root dbname=test"
    with psycopg.connect(admin, autocommit=True) as c:
        c.execute(f"CREATE ROLE {role} LOGIN")
        c.execute(f"CREATE SCHEMA {schema}")           # owned by root: the role may not create tables in it
    try:
        url = PG_BASE.replace("root@", f"{role}@") + f"?options=-csearch_path%3D{schema}"
        message = refused(url, "init")           # the schema on its search path is not its to use
        assert "search_path" in message and f"CREATE SCHEMA 名称 AUTHORIZATION {role};" in message
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        message = refused(url, "init")           # it may use the schema, not create tables in it
        assert f"不允许用户 {role} 建表" in message and f"createdb -O {role} test" in message
    finally:
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            c.execute(f"DROP ROLE IF EXISTS {role}")
