// OpenSSL's libcrypto (Debian's libssl-dev), for its SHA-256 only: the EVP digest interface.
#include <openssl/evp.h>
