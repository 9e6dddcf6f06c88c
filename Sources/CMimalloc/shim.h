// mimalloc (https://github.com/microsoft/mimalloc): linked into the gaffe command only, where it
// replaces malloc and free for the whole process. Swift allocates an object per string, array and
// class instance; with a million schedule rows read on every core, glibc's allocator spends its
// time on locks shared between threads, and mimalloc's per-thread heaps do not.
#include <mimalloc.h>
