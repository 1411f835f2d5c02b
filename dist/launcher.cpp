#include "dist/launcher.h"

#include <arpa/inet.h>
#include <cstdlib>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace hamlet {

// erlexec's rule: -sname or -name start `epmd -daemon` from erts' bin folder unless
// -no_epmd or -start_epmd false is given; a second epmd exits at once (its port is taken).
void start_epmd_if_needed(const std::vector<std::string> &words, const std::string &bindir) {
    bool named = false, no_epmd = false;
    for (size_t i = 0; i < words.size(); ++i) {
        const std::string &w = words[i];
        if (w == "-extra") break;
        if (w == "-sname" || w == "-name") named = true;
        if (w == "-no_epmd") no_epmd = true;
        if (w == "-start_epmd" && i + 1 < words.size() && words[i + 1] == "false") no_epmd = true;
    }
    if (!named || no_epmd) return;
    std::string cmd = "\"" + bindir + "/epmd\" -daemon";
    if (std::system(cmd.c_str()) != 0) return; // as erlexec: net_kernel reports the failure
    // A new daemon may not listen yet when the command returns; Hamlet boots faster than
    // erl and would register too early, so it waits (up to 5 s) for the port to answer.
    int port = 4369;
    if (const char *env = std::getenv("ERL_EPMD_PORT")) port = std::atoi(env);
    for (int i = 0; i < 250; ++i) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) return;
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(uint16_t(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        bool up = connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) == 0;
        close(fd);
        if (up) return;
        usleep(20000);
    }
}

} // namespace hamlet
