package akashi.tests

import com.sun.net.httpserver.HttpServer
import java.io.File
import java.net.InetAddress
import java.net.InetSocketAddress
import java.util.concurrent.CopyOnWriteArrayList

/**
 * A plain-HTTP server on 127.0.0.1 (ephemeral port) serving fixed files by path, for the URL
 * binding tests. The socket is bound and listening once the constructor returns (no wait is
 * needed); [gets] records the path of every GET that reached the handler. Close it with `use`.
 */
class LoopbackServer(files: Map<String, File>) : AutoCloseable {
    val gets: MutableList<String> = CopyOnWriteArrayList()
    private val server: HttpServer = HttpServer.create(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0)

    init {
        server.createContext("/") { ex ->
            ex.use {
                val path = ex.requestURI.path
                if (ex.requestMethod == "GET") gets.add(path)
                val file = files[path]
                if (ex.requestMethod != "GET" || file == null) {
                    ex.sendResponseHeaders(404, -1)
                } else {
                    val body = file.readBytes()
                    ex.responseHeaders.add("Content-Type", "application/json")
                    ex.sendResponseHeaders(200, body.size.toLong())
                    ex.responseBody.use { it.write(body) }
                }
            }
        }
        server.start()
    }

    val port: Int get() = server.address.port

    fun url(path: String) = "http://127.0.0.1:$port$path"

    override fun close() = server.stop(0)
}
