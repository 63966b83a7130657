package ingest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"coo/ingest/xlsx"
)

// ReadFile reads the whole file at path for Read or Load, refusing without
// reading what it must not read. name identifies the file in messages (""
// for path). limit is the largest size accepted in bytes (0 or less for
// xlsx.DefaultMaxFileSize, the default of Limits.MaxFileSize).
//
// It looks before it reads: anything that is not a regular file (a folder
// named x.xlsx, a FIFO, a device, a socket) is refused as ErrNotRegular, and
// a file larger than limit as ErrTooLarge, from its stat alone. The file is
// opened without blocking (O_NONBLOCK: opening a FIFO waits for a writer
// otherwise) and checked again through the open descriptor, so that a file
// replaced in between is refused too; the read itself stops past limit.
// Symbolic links are followed, and judged by what they point to.
//
// The error is a *FileError with File set to name; its Code is not_regular,
// too_large or unreadable (ErrUnreadable: the file vanished, or permission
// is denied; the os error is wrapped too). fi is the file's information
// whenever stat succeeded, also with an error (its size and time let a
// caller recognise an unchanged file it refused before), and nil otherwise.
func ReadFile(path, name string, limit int64) (data []byte, fi fs.FileInfo, err error) {
	if name == "" {
		name = path
	}
	if limit <= 0 {
		limit = xlsx.DefaultMaxFileSize
	}
	fi, err = os.Stat(path)
	if err != nil {
		return nil, nil, unreadable(name, err)
	}
	if err := checkFile(name, fi, limit); err != nil {
		return nil, fi, err
	}
	f, open, err := openChecked(path, name, limit)
	if err != nil {
		if open == nil {
			open = fi
		}
		return nil, open, err
	}
	defer f.Close()
	// Sized from the descriptor's stat, as os.ReadFile does; a file that
	// grows meanwhile is read on until it passes limit.
	data = make([]byte, 0, open.Size()+1)
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if int64(len(data)) > limit {
			return nil, open, &FileError{File: name, Err: fmt.Errorf("%w: it grew past %d bytes while being read", ErrTooLarge, limit)}
		}
		if errors.Is(err, io.EOF) {
			return data, open, nil
		}
		if err != nil {
			return nil, open, unreadable(name, err)
		}
	}
}

// openChecked opens path without blocking and checks the open descriptor
// with checkFile, returning its information (nil if fstat failed).
func openChecked(path, name string, limit int64) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, unreadable(name, err)
	}
	fi, err := f.Stat()
	if err == nil {
		err = checkFile(name, fi, limit)
	} else {
		err = unreadable(name, err)
	}
	if err != nil {
		f.Close()
		return nil, fi, err
	}
	return f, fi, nil
}

// checkFile refuses what is not a regular file of at most limit bytes.
func checkFile(name string, fi fs.FileInfo, limit int64) error {
	if !fi.Mode().IsRegular() {
		return &FileError{File: name, Err: fmt.Errorf("%w: it is %s; coo reads only workbooks saved as files", ErrNotRegular, kind(fi.Mode()))}
	}
	if fi.Size() > limit {
		return &FileError{File: name, Err: fmt.Errorf("%w: %d bytes, more than the limit of %d", ErrTooLarge, fi.Size(), limit)}
	}
	return nil
}

// kind names a file's type for a message.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeIrregular != 0:
		return "an irregular file"
	}
	return "of type " + m.Type().String()
}

func unreadable(name string, err error) error {
	// The *PathError's own path would repeat the name: keep its Op and Err.
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return &FileError{File: name, Err: fmt.Errorf("%w: %s: %w", ErrUnreadable, pe.Op, pe.Err)}
	}
	return &FileError{File: name, Err: fmt.Errorf("%w: %w", ErrUnreadable, err)}
}
