package dev.engram.agent.tool.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution for fetch_webpage (blocking; called off the event loop). Tests give their own names. */
@FunctionalInterface
interface HostResolver {

    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
