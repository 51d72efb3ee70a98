//! Reading input files with bounds: only regular files (a FIFO would block forever, a
//! device such as /dev/zero never ends) and only up to a size limit, with an error that
//! says which.

use std::io::Read;
use std::path::Path;

/// The largest input file read: sessions, knowledge-pack files, Markdown to lint, key
/// scripts. Real ones are a few hundred kilobytes at most.
pub const MAX_INPUT_BYTES: u64 = 16 * 1024 * 1024;

fn refuse(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, message)
}

/// What a file that is not a regular file is, for the error message.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else {
        "a special file"
    }
}

/// The bytes of `path` (symbolic links followed), refusing anything but a regular file
/// and anything larger than `limit` bytes.
pub fn regular_file_bytes(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(refuse(format!(
            "{}, not a regular file; only regular files are read",
            kind_of(&meta)
        )));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // O_NONBLOCK: if the file was swapped for a FIFO since the check, opening it does
        // not wait for a writer.
        options.custom_flags(0o4000);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(refuse(format!(
            "{}, not a regular file; only regular files are read",
            kind_of(&meta)
        )));
    }
    let too_big = || {
        refuse(format!(
            "larger than the {} MiB limit for an input file",
            limit / (1024 * 1024)
        ))
    };
    if meta.len() > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// `regular_file_bytes` as UTF-8 text; invalid UTF-8 is an error naming the line and
/// column of the first bad byte.
pub fn regular_file_text(path: &Path, limit: u64) -> std::io::Result<String> {
    let bytes = regular_file_bytes(path, limit)?;
    utf8(bytes).map_err(|(line, column)| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("not valid UTF-8 at line {line}, column {column} (save the file as UTF-8)"),
        )
    })
}

/// The text, or the 1-based line and column (in characters) of the first invalid byte.
pub fn utf8(bytes: Vec<u8>) -> Result<String, (usize, usize)> {
    String::from_utf8(bytes).map_err(|e| {
        let good = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let before = std::str::from_utf8(&bytes[..good]).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        (line, column)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_located() {
        assert_eq!(utf8(b"ab\ncd\xffe".to_vec()), Err((2, 3)));
        assert_eq!(
            utf8("é\n\u{1F600}x".as_bytes().to_vec()),
            Ok("é\n\u{1F600}x".into())
        );
        assert_eq!(utf8(b"\xc3".to_vec()), Err((1, 1)));
    }

    #[test]
    fn refuses_devices_and_large_files() {
        #[cfg(unix)]
        {
            let e = regular_file_bytes(Path::new("/dev/zero"), 10).unwrap_err();
            assert!(e.to_string().contains("a device"), "{e}");
        }
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        std::fs::write(&big, vec![b'x'; 100]).unwrap();
        let e = regular_file_bytes(&big, 10).unwrap_err();
        assert!(e.to_string().contains("limit"), "{e}");
        assert_eq!(regular_file_bytes(&big, 100).unwrap().len(), 100);
        let e = regular_file_bytes(dir.path(), 10).unwrap_err();
        assert!(e.to_string().contains("a directory"), "{e}");
    }
}
