// media::Errc descriptions.
#include "media/errc.h"

#include "core/result.h"

namespace va::media {

const char* describe(Errc e) {
  switch (e) {
    case Errc::Ok:
      return "OK";
    case Errc::BadWav:
      return "not a 16-bit PCM WAV file";
  }
  return "unknown media error";
}

VA_ERROR_CATEGORY(Errc, "media", media_category)

}  // namespace va::media
