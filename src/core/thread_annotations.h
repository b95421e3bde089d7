// Clang thread-safety annotations (-Wthread-safety): which lock guards which member, which
// functions need it held. They expand to nothing under GCC; the clang check
// (scripts/check-thread-safety, run by ctest) compiles the annotated files with clang.
#pragma once

#if defined(__clang__)
#define VA_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define VA_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) VA_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY VA_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) VA_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) VA_THREAD_ANNOTATION(pt_guarded_by(x))
#define REQUIRES(...) VA_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define EXCLUDES(...) VA_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ACQUIRE(...) VA_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) VA_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) VA_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define RETURN_CAPABILITY(x) VA_THREAD_ANNOTATION(lock_returned(x))
#define NO_THREAD_SAFETY_ANALYSIS VA_THREAD_ANNOTATION(no_thread_safety_analysis)
