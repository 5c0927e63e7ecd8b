// PathProblem.swift — why a path the user named cannot be reached, when it is there but
// not missing: said as the system says it, rather than as "no such file".

#if canImport(Glibc)
import Glibc
#endif

package enum PathProblem {
    /// The system's reason `path` cannot be reached (a loop of links, a folder on the way
    /// that cannot be searched); nil when it is simply missing, or can be reached.
    package static func unreachable(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) != 0, errno != ENOENT, errno != ENOTDIR else { return nil }
        return String(cString: strerror(errno))
    }
}
