package io.sluice.api.pipeline;

import org.springframework.data.domain.Page;

/**
 * Where a page sits in the whole list.
 *
 * @param number zero-based
 */
record PageInfo(int number, int size, long totalElements, int totalPages) {

    static PageInfo of(Page<?> page) {
        return new PageInfo(page.getNumber(), page.getSize(), page.getTotalElements(), page.getTotalPages());
    }

}
