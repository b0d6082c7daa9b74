output "primary_endpoint" {
  description = "rediss:// host of the primary."
  value       = aws_elasticache_replication_group.main.primary_endpoint_address
}

output "replication_group_id" {
  description = "For CloudWatch alarms."
  value       = aws_elasticache_replication_group.main.id
}
