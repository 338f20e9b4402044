/*
 * A V4L2 capture device in user space, for tests only: preloaded (LD_PRELOAD) into a child JVM,
 * it answers OpenCV's calls on one device path as a USB camera's driver would, so that Siamage's
 * real camera source (OpenCV's V4L2 backend through JavaCV) can be driven into states a test
 * machine without a camera cannot otherwise reach:
 *
 *   SIAMAGE_FAKE_CAMERA=/dev/video5      the device path answered (nothing else is touched)
 *   SIAMAGE_FAKE_CAMERA_MODE=unplug      deliver frames, then fail every dequeue with ENODEV,
 *                                        as the kernel does once a USB camera is pulled out
 *   SIAMAGE_FAKE_CAMERA_MODE=busy        refuse to set a format with EBUSY, as a camera does
 *                                        while another program streams from it
 *   SIAMAGE_FAKE_CAMERA_MODE=hang        never answer the first request (it sleeps for a minute),
 *                                        as a driver stuck in the kernel does
 *   SIAMAGE_FAKE_CAMERA_FRAMES=N         frames delivered before the unplug (default 20)
 *   SIAMAGE_FAKE_CAMERA_FORMAT=yuyv      deliver YUYV 4:2:2, as most USB cameras do, instead of BGR24
 *   SIAMAGE_FAKE_CAMERA_TRACE=1          print every request to standard error
 *
 * Frames are at the requested size (640 x 480 unless asked otherwise), paced at 30 frames/s. In
 * BGR24 every byte of frame n (counted from 1) is n % 256; in YUYV every luma byte is, with neutral
 * chroma (128), so the frame is grey. A test can tell that the pixels it got came through this
 * device. The open file behind the device is /dev/null, which poll and select
 * always report ready, so those calls need no wrapping.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define MAX_BUFFERS 4

struct buffer {
  int queued;
  void *memory; /* where the reader mapped it; filled at dequeue */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int device_fd = -1;
static unsigned width = 640, height = 480;
static unsigned buffer_count = 0;
static struct buffer buffers[MAX_BUFFERS];
static long delivered = 0;
static struct timespec last_frame;

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_close)(int);
static void *(*real_mmap)(void *, size_t, int, int, int, off_t);
static int (*real_ioctl)(int, unsigned long, ...);

/* Looked up once, before the JVM starts, so no wrapper calls dlsym (which may allocate) itself. */
__attribute__((constructor)) static void find_real_functions(void) {
  real_open = dlsym(RTLD_NEXT, "open");
  real_open64 = dlsym(RTLD_NEXT, "open64");
  real_close = dlsym(RTLD_NEXT, "close");
  real_mmap = dlsym(RTLD_NEXT, "mmap");
  real_ioctl = dlsym(RTLD_NEXT, "ioctl");
}

static const char *setting(const char *name, const char *fallback) {
  const char *value = getenv(name);
  return value == NULL || *value == '\0' ? fallback : value;
}

static int is_device(const char *path) {
  const char *device = getenv("SIAMAGE_FAKE_CAMERA");
  return device != NULL && path != NULL && strcmp(path, device) == 0;
}

static int busy_mode(void) { return strcmp(setting("SIAMAGE_FAKE_CAMERA_MODE", "unplug"), "busy") == 0; }

static int hang_mode(void) { return strcmp(setting("SIAMAGE_FAKE_CAMERA_MODE", "unplug"), "hang") == 0; }

static long frames_before_unplug(void) { return atol(setting("SIAMAGE_FAKE_CAMERA_FRAMES", "20")); }

static void trace(const char *format, ...) {
  if (getenv("SIAMAGE_FAKE_CAMERA_TRACE") == NULL) {
    return;
  }
  va_list args;
  va_start(args, format);
  fprintf(stderr, "[fake camera] ");
  vfprintf(stderr, format, args);
  fprintf(stderr, "\n");
  va_end(args);
}

static int yuyv_format(void) { return strcmp(setting("SIAMAGE_FAKE_CAMERA_FORMAT", "bgr24"), "yuyv") == 0; }

static unsigned pixel_format(void) { return yuyv_format() ? V4L2_PIX_FMT_YUYV : V4L2_PIX_FMT_BGR24; }

static unsigned bytes_per_pixel(void) { return yuyv_format() ? 2 : 3; }

static unsigned frame_bytes(void) { return width * height * bytes_per_pixel(); }

/* Frame n: every byte n in BGR24; in YUYV (Y0 U Y1 V) every luma byte n, chroma 128. */
static void fill_frame(unsigned char *memory, long n) {
  memset(memory, (int) (n % 256), frame_bytes());
  if (yuyv_format()) {
    for (unsigned i = 1; i < frame_bytes(); i += 2) {
      memory[i] = 128;
    }
  }
}

static unsigned long buffer_stride(void) {
  unsigned long page = (unsigned long) sysconf(_SC_PAGESIZE);
  return (frame_bytes() + page - 1) / page * page;
}

static int open_device(const char *path) {
  int fd = real_open("/dev/null", O_RDWR);
  if (fd >= 0) {
    pthread_mutex_lock(&lock);
    device_fd = fd;
    buffer_count = 0;
    delivered = 0;
    memset(buffers, 0, sizeof buffers);
    pthread_mutex_unlock(&lock);
  }
  trace("open %s -> %d", path, fd);
  return fd;
}

static int open_or_forward(int (*real)(const char *, int, ...), const char *path, int flags, va_list args) {
  if (is_device(path)) {
    return open_device(path);
  }
  mode_t mode = (flags & (O_CREAT | O_TMPFILE)) != 0 ? va_arg(args, mode_t) : 0;
  return real(path, flags, mode);
}

int open(const char *path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  int fd = open_or_forward(real_open, path, flags, args);
  va_end(args);
  return fd;
}

int open64(const char *path, int flags, ...) {
  va_list args;
  va_start(args, flags);
  int fd = open_or_forward(real_open64, path, flags, args);
  va_end(args);
  return fd;
}

int close(int fd) {
  pthread_mutex_lock(&lock);
  if (fd >= 0 && fd == device_fd) {
    device_fd = -1;
    trace("close %d", fd);
  }
  pthread_mutex_unlock(&lock);
  return real_close(fd);
}

void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset) {
  if (fd < 0 || fd != device_fd) {
    return real_mmap(address, length, protection, flags, fd, offset);
  }
  unsigned index = (unsigned) (offset / (off_t) buffer_stride());
  if (index >= buffer_count) {
    errno = EINVAL;
    return MAP_FAILED;
  }
  /* writable whatever the reader asked for: this "driver" fills the buffer from the same process */
  void *memory = real_mmap(address, length, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (memory != MAP_FAILED) {
    buffers[index].memory = memory;
  }
  trace("mmap buffer %u (%zu bytes)", index, length);
  return memory;
}

static void pace(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  long elapsed_us = (now.tv_sec - last_frame.tv_sec) * 1000000L + (now.tv_nsec - last_frame.tv_nsec) / 1000L;
  if (elapsed_us >= 0 && elapsed_us < 33333) {
    usleep((useconds_t) (33333 - elapsed_us));
  }
  clock_gettime(CLOCK_MONOTONIC, &last_frame);
}

static int fail(int error) {
  errno = error;
  return -1;
}

static void describe_format(struct v4l2_format *format) {
  struct v4l2_pix_format *pix = &format->fmt.pix;
  pix->width = width;
  pix->height = height;
  pix->pixelformat = pixel_format(); /* a driver answers with the format it has, whatever was asked */
  pix->field = V4L2_FIELD_NONE;
  pix->bytesperline = width * bytes_per_pixel();
  pix->sizeimage = frame_bytes();
  pix->colorspace = V4L2_COLORSPACE_SRGB;
}

static int device_ioctl(unsigned long request, void *argument) {
  switch (request) {
    case VIDIOC_QUERYCAP: {
      struct v4l2_capability *capability = argument;
      memset(capability, 0, sizeof *capability);
      strcpy((char *) capability->driver, "siamage-test");
      strcpy((char *) capability->card, "Siamage test camera");
      strcpy((char *) capability->bus_info, "usb-test-1");
      capability->version = 0x050000;
      capability->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING;
      capability->capabilities = capability->device_caps | V4L2_CAP_DEVICE_CAPS;
      return 0;
    }
    case VIDIOC_G_INPUT:
      *(int *) argument = 0;
      return 0;
    case VIDIOC_S_INPUT:
      return *(int *) argument == 0 ? 0 : fail(EINVAL);
    case VIDIOC_ENUMINPUT: {
      struct v4l2_input *input = argument;
      if (input->index != 0) {
        return fail(EINVAL);
      }
      strcpy((char *) input->name, "Camera 1");
      input->type = V4L2_INPUT_TYPE_CAMERA;
      return 0;
    }
    case VIDIOC_ENUM_FMT: {
      struct v4l2_fmtdesc *description = argument;
      if (description->index != 0 || description->type != V4L2_BUF_TYPE_VIDEO_CAPTURE) {
        return fail(EINVAL);
      }
      description->pixelformat = pixel_format();
      strcpy((char *) description->description, yuyv_format() ? "YUYV 4:2:2" : "BGR24");
      return 0;
    }
    case VIDIOC_G_FMT:
    case VIDIOC_TRY_FMT:
    case VIDIOC_S_FMT: {
      struct v4l2_format *format = argument;
      if (format->type != V4L2_BUF_TYPE_VIDEO_CAPTURE) {
        return fail(EINVAL);
      }
      if (request == VIDIOC_S_FMT && busy_mode()) {
        return fail(EBUSY);
      }
      if (request == VIDIOC_S_FMT && buffer_count > 0) {
        return fail(EBUSY); /* as a driver refuses while buffers are allocated */
      }
      if (request != VIDIOC_G_FMT && format->fmt.pix.width > 0 && format->fmt.pix.height > 0) {
        unsigned asked_width = format->fmt.pix.width < 1920 ? format->fmt.pix.width : 1920;
        unsigned asked_height = format->fmt.pix.height < 1080 ? format->fmt.pix.height : 1080;
        if (request == VIDIOC_S_FMT) {
          width = asked_width;
          height = asked_height;
        } else {
          unsigned kept_width = width, kept_height = height;
          width = asked_width;
          height = asked_height;
          describe_format(format);
          width = kept_width;
          height = kept_height;
          return 0;
        }
      }
      describe_format(format);
      return 0;
    }
    case VIDIOC_G_PARM:
    case VIDIOC_S_PARM: {
      struct v4l2_streamparm *parameters = argument;
      if (parameters->type != V4L2_BUF_TYPE_VIDEO_CAPTURE) {
        return fail(EINVAL);
      }
      memset(&parameters->parm.capture, 0, sizeof parameters->parm.capture);
      parameters->parm.capture.capability = V4L2_CAP_TIMEPERFRAME;
      parameters->parm.capture.timeperframe.numerator = 1;
      parameters->parm.capture.timeperframe.denominator = 30;
      return 0;
    }
    case VIDIOC_REQBUFS: {
      struct v4l2_requestbuffers *request_buffers = argument;
      if (request_buffers->memory != V4L2_MEMORY_MMAP) {
        return fail(EINVAL);
      }
      unsigned count = request_buffers->count;
      buffer_count = count == 0 ? 0 : (count < 2 ? 2 : (count > MAX_BUFFERS ? MAX_BUFFERS : count));
      memset(buffers, 0, sizeof buffers);
      request_buffers->count = buffer_count;
      return 0;
    }
    case VIDIOC_QUERYBUF:
    case VIDIOC_QBUF:
    case VIDIOC_DQBUF: {
      struct v4l2_buffer *buffer = argument;
      if (buffer->type != V4L2_BUF_TYPE_VIDEO_CAPTURE || buffer->memory != V4L2_MEMORY_MMAP) {
        return fail(EINVAL);
      }
      if (request == VIDIOC_DQBUF) {
        if (!busy_mode() && delivered >= frames_before_unplug()) {
          trace("unplugged after %ld frames", delivered);
          return fail(ENODEV);
        }
        unsigned index = 0;
        while (index < buffer_count && !buffers[index].queued) {
          index++;
        }
        if (index == buffer_count) {
          return fail(EAGAIN);
        }
        pace();
        delivered++;
        if (buffers[index].memory != NULL) {
          fill_frame(buffers[index].memory, delivered);
        }
        buffers[index].queued = 0;
        buffer->index = index;
        buffer->bytesused = frame_bytes();
        buffer->sequence = (unsigned) delivered;
        buffer->field = V4L2_FIELD_NONE;
        gettimeofday(&buffer->timestamp, NULL);
      }
      if (buffer->index >= buffer_count) {
        return fail(EINVAL);
      }
      if (request == VIDIOC_QBUF) {
        buffers[buffer->index].queued = 1;
      }
      buffer->length = frame_bytes();
      buffer->m.offset = (unsigned) (buffer->index * buffer_stride());
      buffer->flags = V4L2_BUF_FLAG_MAPPED | (buffers[buffer->index].queued ? V4L2_BUF_FLAG_QUEUED : 0);
      return 0;
    }
    case VIDIOC_STREAMON:
      clock_gettime(CLOCK_MONOTONIC, &last_frame);
      return 0;
    case VIDIOC_STREAMOFF:
      for (unsigned i = 0; i < buffer_count; i++) {
        buffers[i].queued = 0;
      }
      return 0;
    default:
      return fail(EINVAL); /* controls, frame sizes and the rest: "not supported", as many drivers say */
  }
}

int ioctl(int fd, unsigned long request, ...) {
  va_list args;
  va_start(args, request);
  void *argument = va_arg(args, void *);
  va_end(args);
  if (fd < 0 || fd != device_fd) {
    return real_ioctl(fd, request, argument);
  }
  if (hang_mode()) {
    trace("ioctl %#lx: hanging", request);
    sleep(60);
  }
  pthread_mutex_lock(&lock);
  int result = device_ioctl(request, argument);
  int error = errno;
  pthread_mutex_unlock(&lock);
  trace("ioctl %#lx -> %d%s%s", request, result, result < 0 ? " " : "", result < 0 ? strerror(error) : "");
  errno = error;
  return result;
}
