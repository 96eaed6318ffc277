package io.sluice.dedup.store;

import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;

/**
 * Counts the flushes that reach a Lettuce connection's socket: each one is a write the client
 * then waits on, so a batch answered after one flush took one round trip.
 */
final class FlushCounter implements NettyCustomizer {

    private final AtomicInteger flushes = new AtomicInteger();

    int flushes() {
        return this.flushes.get();
    }

    @Override
    public void afterChannelInitialized(Channel channel) {
        // First in the pipeline, next to the socket, so it sees exactly the flushes that hit the wire.
        channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {

            @Override
            public void flush(ChannelHandlerContext context) {
                FlushCounter.this.flushes.incrementAndGet();
                context.flush();
            }

        });
    }

}
