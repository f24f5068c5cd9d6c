/*
** batch-wal: a SQLite VFS that writes a commit's log frames to the write-ahead log in one
** write instead of two per page.
**
** SQLite appends each frame of a commit with two write calls, its 24-byte header and then its
** page. An engine commit changes about forty pages, so eighty system calls, which measured
** about 100 us here against 25 us for the same bytes in one call (most of a commit's cost).
** This VFS wraps the default one. Writes to a "-wal" file that continue the previous write are
** collected in memory and go to the file in one pwrite:
**   - when the page of a commit frame (a frame header whose "database size" field is set)
**     has been written: the commit is then in the file before SQLite publishes it in the
**     shared WAL index (which it does only after writing the commit frame), so readers in
**     other connections, threads and processes never see a frame that is not in the file;
**   - before any read, sync, truncate, size query, file control or close of that file, and
**     before a write that does not continue the collected bytes, so the file always reads as
**     if every write had gone straight through, in the order they were made.
** Every other file (the database, the shared-memory index, journals) is opened by the wrapped
** VFS directly and never passes through here. A crash loses at most a transaction that had not
** committed yet, as before: SQLite's frame checksums already ignore a torn tail on recovery.
**
** Loaded by src/server/db/batch-wal.ts; it registers itself as the process's default VFS.
** batch_wal_stats() reports the calls made, so a test can check a commit went in one write.
*/
#include "sqlite3ext.h"
SQLITE_EXTENSION_INIT1
#include <stdlib.h>
#include <string.h>

#define WAL_HEADER_SIZE 32
#define FRAME_HEADER_SIZE 24
#define MAX_BUFFER (8 * 1024 * 1024) /* a commit larger than this goes in several flushes */
/* The unix VFS writes at most 128 KiB - 1 bytes a call (it masks larger sizes): flush in pieces. */
#define MAX_WRITE (124 * 1024)

static sqlite3_vfs *wrapped;          /* the default VFS found at load time ("unix") */
static sqlite3_vfs batchVfs;
static sqlite3_int64 statWrites = 0;  /* writes this VFS made to log files */
static sqlite3_int64 statCollected = 0; /* writes SQLite asked for on log files */

typedef struct BatchFile {
  sqlite3_file base;     /* pMethods: batchIo */
  sqlite3_file *real;    /* the wrapped VFS's file, in the same allocation after this struct */
  char *buf;             /* collected bytes, from file offset bufStart */
  sqlite3_int64 bufStart;
  int bufLen, bufCap;
  int commitPage;        /* the next write is a commit frame's page: flush after it */
} BatchFile;

static int flush(BatchFile *p) {
  int rc = SQLITE_OK;
  for (int done = 0; done < p->bufLen && rc == SQLITE_OK;) {
    int n = p->bufLen - done < MAX_WRITE ? p->bufLen - done : MAX_WRITE;
    rc = p->real->pMethods->xWrite(p->real, p->buf + done, n, p->bufStart + done);
    __atomic_add_fetch(&statWrites, 1, __ATOMIC_RELAXED);
    done += n;
  }
  p->bufLen = 0;
  return rc;
}

static int bClose(sqlite3_file *f) {
  BatchFile *p = (BatchFile *)f;
  int rc = flush(p);
  int rc2 = p->real->pMethods->xClose(p->real);
  sqlite3_free(p->buf);
  p->buf = 0;
  return rc != SQLITE_OK ? rc : rc2;
}

static int bRead(sqlite3_file *f, void *z, int n, sqlite3_int64 off) {
  BatchFile *p = (BatchFile *)f;
  int rc = flush(p);
  return rc != SQLITE_OK ? rc : p->real->pMethods->xRead(p->real, z, n, off);
}

static unsigned int bigEndian32(const unsigned char *b) {
  return ((unsigned int)b[0] << 24) | ((unsigned int)b[1] << 16) | ((unsigned int)b[2] << 8) | b[3];
}

static int bWrite(sqlite3_file *f, const void *z, int n, sqlite3_int64 off) {
  BatchFile *p = (BatchFile *)f;
  int rc;
  __atomic_add_fetch(&statCollected, 1, __ATOMIC_RELAXED);
  /* Not a continuation (a checksum rewrite, a restarted log), or a very large commit: write
     out what is collected first, so writes reach the file in the order they were made. */
  if (p->bufLen > 0 && (off != p->bufStart + p->bufLen || p->bufLen + n > MAX_BUFFER)) {
    rc = flush(p);
    if (rc != SQLITE_OK) return rc;
  }
  if (p->bufLen + n > p->bufCap) {
    int cap = p->bufCap ? p->bufCap : 128 * 1024;
    while (cap < p->bufLen + n) cap *= 2;
    char *grown = sqlite3_realloc(p->buf, cap);
    if (!grown) { /* no memory for the buffer: this write goes straight through */
      rc = flush(p);
      if (rc != SQLITE_OK) return rc;
      p->commitPage = 0;
      __atomic_add_fetch(&statWrites, 1, __ATOMIC_RELAXED);
      return p->real->pMethods->xWrite(p->real, z, n, off);
    }
    p->buf = grown;
    p->bufCap = cap;
  }
  if (p->bufLen == 0) p->bufStart = off;
  memcpy(p->buf + p->bufLen, z, n);
  p->bufLen += n;
  if (p->commitPage) {
    p->commitPage = 0;
    return flush(p);
  }
  /* A frame header past the log header whose "database size after commit" is set. */
  if (n == FRAME_HEADER_SIZE && off >= WAL_HEADER_SIZE && bigEndian32((const unsigned char *)z + 4) != 0) p->commitPage = 1;
  return SQLITE_OK;
}

static int bTruncate(sqlite3_file *f, sqlite3_int64 size) {
  BatchFile *p = (BatchFile *)f;
  int rc = flush(p);
  return rc != SQLITE_OK ? rc : p->real->pMethods->xTruncate(p->real, size);
}

static int bSync(sqlite3_file *f, int flags) {
  BatchFile *p = (BatchFile *)f;
  int rc = flush(p);
  return rc != SQLITE_OK ? rc : p->real->pMethods->xSync(p->real, flags);
}

static int bFileSize(sqlite3_file *f, sqlite3_int64 *size) {
  BatchFile *p = (BatchFile *)f;
  int rc = flush(p);
  return rc != SQLITE_OK ? rc : p->real->pMethods->xFileSize(p->real, size);
}

static int bLock(sqlite3_file *f, int lock) {
  BatchFile *p = (BatchFile *)f;
  return p->real->pMethods->xLock(p->real, lock);
}

static int bUnlock(sqlite3_file *f, int lock) {
  BatchFile *p = (BatchFile *)f;
  return p->real->pMethods->xUnlock(p->real, lock);
}

static int bCheckReservedLock(sqlite3_file *f, int *out) {
  BatchFile *p = (BatchFile *)f;
  return p->real->pMethods->xCheckReservedLock(p->real, out);
}

static int bFileControl(sqlite3_file *f, int op, void *arg) {
  BatchFile *p = (BatchFile *)f;
  int rc = flush(p);
  return rc != SQLITE_OK ? rc : p->real->pMethods->xFileControl(p->real, op, arg);
}

static int bSectorSize(sqlite3_file *f) {
  BatchFile *p = (BatchFile *)f;
  return p->real->pMethods->xSectorSize(p->real);
}

static int bDeviceCharacteristics(sqlite3_file *f) {
  BatchFile *p = (BatchFile *)f;
  return p->real->pMethods->xDeviceCharacteristics(p->real);
}

/* A log file has no shared memory or memory map of its own: version 1 methods. */
static const sqlite3_io_methods batchIo = {
  1, bClose, bRead, bWrite, bTruncate, bSync, bFileSize, bLock, bUnlock, bCheckReservedLock,
  bFileControl, bSectorSize, bDeviceCharacteristics, 0, 0, 0, 0, 0, 0,
};

static int bOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags, int *outFlags) {
  (void)vfs;
  /* Anything but a log is the wrapped VFS's own file, opened in place. */
  if (!(flags & SQLITE_OPEN_WAL)) return wrapped->xOpen(wrapped, name, f, flags, outFlags);
  BatchFile *p = (BatchFile *)f;
  memset(p, 0, sizeof(BatchFile));
  p->real = (sqlite3_file *)&p[1];
  int rc = wrapped->xOpen(wrapped, name, p->real, flags, outFlags);
  p->base.pMethods = rc == SQLITE_OK ? &batchIo : 0;
  return rc;
}

/* The rest is the wrapped VFS's, called with its own sqlite3_vfs (it keeps state there). */
static int bDelete(sqlite3_vfs *v, const char *name, int sync) { (void)v; return wrapped->xDelete(wrapped, name, sync); }
static int bAccess(sqlite3_vfs *v, const char *name, int flags, int *out) { (void)v; return wrapped->xAccess(wrapped, name, flags, out); }
static int bFullPathname(sqlite3_vfs *v, const char *name, int n, char *out) { (void)v; return wrapped->xFullPathname(wrapped, name, n, out); }
static void *bDlOpen(sqlite3_vfs *v, const char *name) { (void)v; return wrapped->xDlOpen(wrapped, name); }
static void bDlError(sqlite3_vfs *v, int n, char *out) { (void)v; wrapped->xDlError(wrapped, n, out); }
static void (*bDlSym(sqlite3_vfs *v, void *h, const char *sym))(void) { (void)v; return wrapped->xDlSym(wrapped, h, sym); }
static void bDlClose(sqlite3_vfs *v, void *h) { (void)v; wrapped->xDlClose(wrapped, h); }
static int bRandomness(sqlite3_vfs *v, int n, char *out) { (void)v; return wrapped->xRandomness(wrapped, n, out); }
static int bSleep(sqlite3_vfs *v, int us) { (void)v; return wrapped->xSleep(wrapped, us); }
static int bCurrentTime(sqlite3_vfs *v, double *out) { (void)v; return wrapped->xCurrentTime(wrapped, out); }
static int bGetLastError(sqlite3_vfs *v, int n, char *out) { (void)v; return wrapped->xGetLastError ? wrapped->xGetLastError(wrapped, n, out) : 0; }
static int bCurrentTimeInt64(sqlite3_vfs *v, sqlite3_int64 *out) { (void)v; return wrapped->xCurrentTimeInt64(wrapped, out); }

static void statsFunction(sqlite3_context *ctx, int argc, sqlite3_value **argv) {
  (void)argc;
  (void)argv;
  char text[96];
  sqlite3_snprintf(sizeof text, text, "{\"requested\":%lld,\"written\":%lld}",
                   __atomic_load_n(&statCollected, __ATOMIC_RELAXED), __atomic_load_n(&statWrites, __ATOMIC_RELAXED));
  sqlite3_result_text(ctx, text, -1, SQLITE_TRANSIENT);
}

#ifdef _WIN32
__declspec(dllexport)
#endif
int sqlite3_batchwal_init(sqlite3 *db, char **error, const sqlite3_api_routines *api) {
  SQLITE_EXTENSION_INIT2(api);
  (void)error;
  int rc = sqlite3_create_function(db, "batch_wal_stats", 0, SQLITE_UTF8, 0, statsFunction, 0, 0);
  if (rc != SQLITE_OK) return rc;
  if (sqlite3_vfs_find("batch-wal")) return SQLITE_OK_LOAD_PERMANENTLY; /* loaded before */
  wrapped = sqlite3_vfs_find(0);
  if (!wrapped) return SQLITE_ERROR;
  batchVfs = (sqlite3_vfs){
    .iVersion = 2,
    .szOsFile = (int)sizeof(BatchFile) + wrapped->szOsFile,
    .mxPathname = wrapped->mxPathname,
    .zName = "batch-wal",
    .xOpen = bOpen,
    .xDelete = bDelete,
    .xAccess = bAccess,
    .xFullPathname = bFullPathname,
    .xDlOpen = bDlOpen,
    .xDlError = bDlError,
    .xDlSym = bDlSym,
    .xDlClose = bDlClose,
    .xRandomness = bRandomness,
    .xSleep = bSleep,
    .xCurrentTime = bCurrentTime,
    .xGetLastError = bGetLastError,
    .xCurrentTimeInt64 = bCurrentTimeInt64,
  };
  rc = sqlite3_vfs_register(&batchVfs, 1);
  return rc == SQLITE_OK ? SQLITE_OK_LOAD_PERMANENTLY : rc;
}
