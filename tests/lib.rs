//! The HTTP tests live in `http/`, built as one test binary.
