output "vpc_id" {
  description = "The VPC."
  value       = aws_vpc.main.id
}

output "vpc_cidr" {
  description = "The VPC's address range."
  value       = aws_vpc.main.cidr_block
}

output "public_subnet_ids" {
  description = "Load balancers."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Nodes, databases, caches."
  value       = aws_subnet.private[*].id
}
