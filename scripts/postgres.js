#!/usr/bin/env node
/**
 * A throwaway PostgreSQL server for the tests of Pulumi's PostgreSQL state backend (tests/e2e/postgres-backend).
 *
 * - `ensurePostgres()` finds the server binaries (`initdb`, `pg_ctl`, `psql`: on PATH or in Debian's
 *   /usr/lib/postgresql/<major>/bin) and, when they are missing and we are root on Debian/Ubuntu, installs the
 *   `postgresql` package with apt-get. Otherwise it stops and names what to install.
 * - `startPostgres()` creates a cluster in a new temporary directory (`initdb`), with one password-protected role,
 *   starts it on a free loopback port (`pg_ctl`), creates the state database and returns its `postgres://` URL and
 *   `stop()`, which stops the server and removes the directory. A process exit stops it too, so no server outlives
 *   the tests.
 * - initdb and the server refuse to run as root: as root (CI containers) both run as the unprivileged `postgres`
 *   user the Debian package creates, through `runuser`.
 *
 * Usage: `node scripts/postgres.js` (installs if needed, prints the bin directory), or as a library.
 */
"use strict";

const { execFileSync } = require("node:child_process");
const crypto = require("node:crypto");
const fs = require("node:fs");
const net = require("node:net");
const os = require("node:os");
const path = require("node:path");

const TOOLS = ["initdb", "pg_ctl", "psql"];
/** The unprivileged account the server runs as when we are root (created by Debian's postgresql-common). */
const SERVER_USER = "postgres";

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The directory holding every tool, preferring PATH, then the newest /usr/lib/postgresql/<major>/bin. */
function findBinDir() {
  const candidates = (process.env.PATH || "").split(path.delimiter).filter(Boolean);
  const debianRoot = "/usr/lib/postgresql";
  if (fs.existsSync(debianRoot)) {
    const majors = fs
      .readdirSync(debianRoot)
      .filter((name) => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...majors.map((major) => path.join(debianRoot, major, "bin")));
  }
  for (const dir of candidates) {
    // initdb on PATH is often a symlink (Debian's wrappers); resolve it so the server binaries sit next to it.
    const initdb = path.join(dir, "initdb");
    if (!isExecutable(initdb)) continue;
    const binDir = path.dirname(fs.realpathSync(initdb));
    if (TOOLS.every((tool) => isExecutable(path.join(binDir, tool)))) return binDir;
  }
  return undefined;
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

/** Returns the bin directory, installing Debian's `postgresql` package first when no server is installed. */
function ensurePostgres({ log = (line) => process.stderr.write(`[postgres] ${line}\n`) } = {}) {
  const found = findBinDir();
  if (found) return found;
  const apt = isExecutable("/usr/bin/apt-get");
  if (!apt || !isRoot()) {
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_ctl, psql) were not found. Install PostgreSQL " +
        "(Debian/Ubuntu: `sudo apt-get install -y postgresql`) or put its bin directory on PATH.",
    );
  }
  log("initdb not found: installing the postgresql package with apt-get (a minute or two)");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update"], { stdio: ["ignore", "ignore", "inherit"], env });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "postgresql"], {
    stdio: ["ignore", "ignore", "inherit"],
    env,
  });
  const installed = findBinDir();
  if (!installed) throw new Error("apt-get installed postgresql, but initdb, pg_ctl and psql are still not found");
  log(`installed: ${installed}`);
  return installed;
}

/** A port nobody listens on right now (the kernel's choice for port 0 on the loopback interface). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server tool, as the unprivileged server user when we are root. */
function runTool(binDir, tool, args, options = {}) {
  const file = path.join(binDir, tool);
  const [command, commandArgs] = isRoot() ? ["runuser", ["-u", SERVER_USER, "--", file, ...args]] : [file, args];
  return execFileSync(command, commandArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...options });
}

/** The output of a failed tool, for the error message (never contains the password: it is passed by file/env). */
function toolError(what, error) {
  const output = [error.stdout, error.stderr].filter(Boolean).join("\n").trim();
  return new Error(`${what} failed: ${output || error.message}`);
}

/**
 * Starts a fresh server. Options: `user` (the role, default "pulumi"), `database` (default "pulumi_state"),
 * `log` (progress lines). Returns { url, host, port, user, password, database, binDir, dataDir, stop(), psql(sql) }.
 */
async function startPostgres(options = {}) {
  const user = options.user || "pulumi";
  const database = options.database || "pulumi_state";
  const binDir = ensurePostgres(options);
  const password = crypto.randomBytes(12).toString("hex");
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-pg-"));
  const dataDir = path.join(root, "data");
  const socketDir = path.join(root, "socket");
  const pwFile = path.join(root, "password");
  fs.mkdirSync(socketDir);
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (isRoot()) {
    // The server user must own its directories and read the password file.
    const uid = Number(execFileSync("id", ["-u", SERVER_USER], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", SERVER_USER], { encoding: "utf8" }).trim());
    for (const entry of [root, socketDir, pwFile]) fs.chownSync(entry, uid, gid);
  }

  let started = false;
  let port;
  const stop = () => {
    process.removeListener("exit", stop);
    if (started) {
      try {
        runTool(binDir, "pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already stopped
      }
      started = false;
    }
    fs.rmSync(root, { recursive: true, force: true });
  };
  // A test run that ends without calling stop() (a crash, a timeout) still takes its server down.
  process.on("exit", stop);

  try {
    runTool(binDir, "initdb", [
      "-D",
      dataDir,
      "-U",
      user,
      `--pwfile=${pwFile}`,
      "--auth=scram-sha-256",
      "--encoding=UTF8",
      "--locale=C",
    ]);
    fs.rmSync(pwFile);
    // Another process may take the port between freePort() and the server's bind: try a few.
    for (let attempt = 1; !started; attempt++) {
      port = await freePort();
      const serverOptions = [
        `-p ${port}`,
        "-c listen_addresses=127.0.0.1",
        `-c unix_socket_directories=${socketDir}`,
        // Test data only: no need to survive a power cut, and fsync is slow on shared CI disks.
        "-c fsync=off",
        "-c synchronous_commit=off",
        "-c full_page_writes=off",
      ].join(" ");
      try {
        runTool(binDir, "pg_ctl", [
          "-D",
          dataDir,
          "-o",
          serverOptions,
          "-l",
          path.join(root, "server.log"),
          "-w",
          "start",
        ]);
        started = true;
      } catch (error) {
        if (attempt >= 3)
          throw toolError(`pg_ctl start (log: ${fs.readFileSync(path.join(root, "server.log"), "utf8")})`, error);
      }
    }
    execFileSync(
      path.join(binDir, "psql"),
      [
        "-h",
        "127.0.0.1",
        "-p",
        String(port),
        "-U",
        user,
        "-d",
        "postgres",
        "-v",
        "ON_ERROR_STOP=1",
        "-c",
        `CREATE DATABASE ${database}`,
      ],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, PGPASSWORD: password },
      },
    );
  } catch (error) {
    stop();
    throw error.stderr !== undefined ? toolError("starting PostgreSQL", error) : error;
  }

  const host = "127.0.0.1";
  return {
    url: `postgres://${user}:${password}@${host}:${port}/${database}?sslmode=disable`,
    host,
    port,
    user,
    password,
    database,
    binDir,
    dataDir,
    /** Runs one SQL statement in the state database and returns psql's unaligned, tuples-only output. */
    psql(sql) {
      return execFileSync(
        path.join(binDir, "psql"),
        ["-h", host, "-p", String(port), "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-A", "-t", "-c", sql],
        {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
          env: { ...process.env, PGPASSWORD: password },
        },
      ).trim();
    },
    /** True while a server process answers on the port. */
    isRunning() {
      try {
        runTool(binDir, "pg_ctl", ["-D", dataDir, "status"]);
        return true;
      } catch {
        return false;
      }
    },
    async stop() {
      stop();
    },
  };
}

module.exports = { ensurePostgres, startPostgres, findBinDir };

if (require.main === module) {
  try {
    process.stdout.write(`${ensurePostgres()}\n`);
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
